"""An app per test over a fresh container with real adapters (memory and SQLite storage)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import authenticate

API = "/api/v1"


@pytest.fixture(params=["memory", "sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def container(backend: str, tmp_path: Path) -> ApplicationContainer:
    settings = load_settings(
        storage={"backend": backend},
        data_dir=tmp_path,
        engine={"backoff_base_s": 0.0, "control_poll_s": 0.05, "max_attempts": 1},
    )
    return build_container(settings)


@pytest.fixture
async def client(container: ApplicationContainer) -> AsyncIterator[AsyncTestClient]:
    """A client authenticated as an owner of the default tenant."""
    async with AsyncTestClient(create_app(container)) as test_client:
        await authenticate(test_client)
        yield test_client


@pytest.fixture
async def anonymous(container: ApplicationContainer) -> AsyncIterator[AsyncTestClient]:
    """A client sending no credentials."""
    async with AsyncTestClient(create_app(container)) as test_client:
        yield test_client
