"""One contract for every RevocationList: in-process and Redis (fails closed when down)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from infra_mind.adapters.memory.revocation import InProcessRevocationList
from infra_mind.adapters.redis.client import connect, redis_client
from infra_mind.adapters.redis.revocation import RedisRevocationList
from infra_mind.adapters.redis.settings import RedisSettings
from infra_mind.domain.errors import AuthUnavailable
from infra_mind.ports.tokens import RevocationList
from tests.redis_server import free_port

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["inprocess", "redis"])
async def revocations(
    request: pytest.FixtureRequest, redis_url: str
) -> AsyncIterator[RevocationList]:
    if request.param == "inprocess":
        yield InProcessRevocationList()
        return
    async with redis_client(RedisSettings(url=redis_url)) as client:
        yield RedisRevocationList(client, prefix=f"test-{uuid.uuid4().hex[:8]}")


def later(seconds: float = 60) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


async def test_is_a_revocation_list(revocations: RevocationList) -> None:
    assert isinstance(revocations, RevocationList)


async def test_a_revoked_id_is_revoked(revocations: RevocationList) -> None:
    await revocations.revoke("jti-1", later())
    assert await revocations.is_revoked("jti-1")


async def test_another_id_is_not_revoked(revocations: RevocationList) -> None:
    await revocations.revoke("jti-1", later())
    assert not await revocations.is_revoked("jti-2")


async def test_a_revocation_past_its_deadline_is_forgotten(revocations: RevocationList) -> None:
    await revocations.revoke("jti-old", datetime.now(UTC) - timedelta(seconds=5))
    assert not await revocations.is_revoked("jti-old")


async def test_redis_down_fails_closed() -> None:
    # Nothing listens on this port: the check must raise, never answer "not revoked".
    down = connect(RedisSettings(url=f"redis://127.0.0.1:{free_port()}/0"))
    try:
        with pytest.raises(AuthUnavailable):
            await RedisRevocationList(down, prefix="down").is_revoked("anything")
    finally:
        await down.aclose()
