"""One contract for every RateLimitCounter: in-process and Redis (shared, raises when down)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import anyio
import pytest

from infra_mind.adapters.inprocess.rate_limits import InProcessRateLimitCounter
from infra_mind.adapters.redis.client import connect, redis_client
from infra_mind.adapters.redis.rate_limits import RedisRateLimitCounter
from infra_mind.adapters.redis.settings import RedisSettings
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.ports.rate_limits import RateLimitCounter, Window
from tests.redis_server import free_port

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["inprocess", "redis"])
async def counter(
    request: pytest.FixtureRequest, redis_url: str
) -> AsyncIterator[RateLimitCounter]:
    if request.param == "inprocess":
        yield InProcessRateLimitCounter()
        return
    async with redis_client(RedisSettings(url=redis_url)) as client:
        yield RedisRateLimitCounter(client, prefix=f"test-{uuid.uuid4().hex[:8]}")


async def test_is_a_rate_limit_counter(counter: RateLimitCounter) -> None:
    assert isinstance(counter, RateLimitCounter)


async def test_each_hit_counts_one_more_in_the_window(counter: RateLimitCounter) -> None:
    for _ in range(2):
        await counter.hit([Window("k", 60)])
    assert (await counter.hit([Window("k", 60)]))[0].count == 3


async def test_keys_count_apart_in_one_call(counter: RateLimitCounter) -> None:
    await counter.hit([Window("a", 60)])
    counts = await counter.hit([Window("a", 60), Window("b", 60)])
    assert [c.count for c in counts] == [2, 1]


async def test_the_reset_is_within_the_window(counter: RateLimitCounter) -> None:
    (count,) = await counter.hit([Window("k", 60)])
    assert 59 < count.resets_in_s <= 60


async def test_a_new_window_starts_from_one(counter: RateLimitCounter) -> None:
    await counter.hit([Window("k", 1)])
    await anyio.sleep(1.1)
    assert (await counter.hit([Window("k", 1)]))[0].count == 1


async def test_two_clients_on_one_redis_share_the_count(redis_url: str) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    async with (
        redis_client(RedisSettings(url=redis_url)) as one,
        redis_client(RedisSettings(url=redis_url)) as two,
    ):
        await RedisRateLimitCounter(one, prefix).hit([Window("k", 60)])
        counts = await RedisRateLimitCounter(two, prefix).hit([Window("k", 60)])
    assert counts[0].count == 2


async def test_redis_down_raises_storage_unavailable() -> None:
    down = connect(RedisSettings(url=f"redis://127.0.0.1:{free_port()}/0"))
    try:
        with pytest.raises(StorageUnavailable):
            await RedisRateLimitCounter(down, "test").hit([Window("k", 60)])
    finally:
        await down.aclose()
