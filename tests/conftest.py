"""Shared test configuration."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.redis_server import redis_server

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
