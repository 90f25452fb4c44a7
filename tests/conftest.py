"""Shared test configuration."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.redis_server import RedisProcess, redis_process, redis_server
from tests.reports_world import ReportWorld, store_examples

# Property tests run on 2 loaded cores in CI: judge them on what they find, not on speed.
settings.register_profile("infra-mind", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("infra-mind")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server for the whole session (see tests/redis_server.py)."""
    with redis_server() as url:
        yield url


@pytest.fixture
def redis() -> Iterator[RedisProcess]:
    """A real redis-server of the test's own, which the test may stop, start or freeze."""
    with redis_process() as server:
        yield server


@pytest.fixture(scope="session")
def report_world(tmp_path_factory: pytest.TempPathFactory) -> ReportWorld:
    """Every example assessed once and stored in one SQLite file, for the report tests."""
    import anyio

    return anyio.run(store_examples, tmp_path_factory.mktemp("report-world"))
