"""Rate limits in scale-out, on a real redis-server: API processes sharing Redis share the
counts; with Redis stopped requests are still served (the limiter fails open) while token
revocation still fails closed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import Settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, arq_on, bearer, key_for
from tests.redis_server import RedisProcess

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings(tmp_path: Path, redis: RedisProcess) -> Settings:
    """Two requests per principal a minute; SQLite storage shared by every app built from it."""
    return arq_on(redis.url, tmp_path, "limits", limits={"per_principal": 2, "per_tenant": 100})


@pytest.fixture
async def two_apps(
    settings: Settings,
) -> AsyncIterator[tuple[AsyncTestClient[Any], AsyncTestClient[Any]]]:
    """Two API instances (a container each) on one Redis and one store."""
    async with (
        AsyncTestClient(create_app(build_container(settings))) as one,
        AsyncTestClient(create_app(build_container(settings))) as two,
    ):
        yield one, two


async def test_two_api_instances_share_the_count(
    two_apps: tuple[AsyncTestClient[Any], AsyncTestClient[Any]],
) -> None:
    one, two = two_apps
    key = bearer(await key_for(one))
    codes = [
        (await client.get(f"{API}/assessments", headers=key)).status_code
        for client in (one, two, one)
    ]
    assert codes == [200, 200, 429]


async def test_with_redis_stopped_requests_are_served_over_the_limit(
    two_apps: tuple[AsyncTestClient[Any], AsyncTestClient[Any]], redis: RedisProcess
) -> None:
    one, _ = two_apps
    key = bearer(await key_for(one))
    redis.stop()
    codes = [(await one.get(f"{API}/assessments", headers=key)).status_code for _ in range(4)]
    assert codes == [200] * 4


async def test_with_redis_stopped_a_token_is_refused_as_revocation_fails_closed(
    two_apps: tuple[AsyncTestClient[Any], AsyncTestClient[Any]], redis: RedisProcess
) -> None:
    one, _ = two_apps
    key = await key_for(one)
    token = (await one.post(f"{API}/auth/token", json={"api_key": key})).json()["access_token"]
    redis.stop()
    r = await one.get(f"{API}/assessments", headers=bearer(token))
    assert (r.status_code, r.headers["retry-after"]) == (503, "5")
