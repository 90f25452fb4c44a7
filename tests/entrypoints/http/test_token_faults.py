"""Tokens at the edges: expired → 401 like any bad credential; the revocation list
unreachable → 503 for tokens (fail closed) while API keys, checked in the store, still work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.container import ApplicationContainer, build_container
from infra_mind.domain.access import Principal, Role
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, arq_on, bearer, key_for
from tests.entrypoints.http.test_auth import UNAUTHENTICATED, problem
from tests.redis_server import RedisProcess

pytestmark = pytest.mark.anyio


async def test_an_expired_token_is_401_without_saying_why(
    client: AsyncTestClient[Any], container: ApplicationContainer
) -> None:
    principal = Principal(tenant_id="default", role=Role.OWNER, subject="key:x", token_id="t1")
    expired = container.auth.tokens().issue(principal, datetime.now(UTC) - timedelta(minutes=5))
    r = await client.get(f"{API}/assessments", headers=bearer(expired))
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)


@pytest.fixture
async def scale_out(tmp_path: Path, redis: RedisProcess) -> AsyncIterator[AsyncTestClient[Any]]:
    settings = arq_on(redis.url, tmp_path, "revoke")
    async with AsyncTestClient(create_app(build_container(settings))) as client:
        yield client


async def test_tokens_fail_closed_while_the_revocation_list_is_down(
    scale_out: AsyncTestClient[Any], redis: RedisProcess
) -> None:
    key = await key_for(scale_out, Role.VIEWER)
    issued = await scale_out.post(f"{API}/auth/token", json={"api_key": key})
    token = bearer(issued.json()["access_token"])
    redis.stop()
    with_token = await scale_out.get(f"{API}/assessments", headers=token)
    with_key = await scale_out.get(f"{API}/assessments", headers=bearer(key))
    assert (with_token.status_code, with_token.headers.get("retry-after")) == (503, "5")
    assert with_key.status_code == 200
