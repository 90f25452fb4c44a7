"""Redis degraded modes on real servers: the cache is bypassed when Redis is down or
frozen, every other Redis adapter says ``StorageUnavailable``, and through Sentinel
the cache reads from the replica while writes go to the master."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import anyio
import pytest

from infra_mind.adapters.arq.queue import ArqJobQueue
from infra_mind.adapters.redis.cache import RedisCache
from infra_mind.adapters.redis.client import connect, connect_replica, redis_client
from infra_mind.adapters.redis.events import RedisEventBus
from infra_mind.adapters.redis.settings import RedisSettings
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.ports.llm import Completion
from infra_mind.services.llm.cache import CompletionCache
from infra_mind.services.llm.prompt import build_request
from tests.redis_server import RedisProcess, SentinelCluster, sentinel_cluster

pytestmark = pytest.mark.anyio
ANSWER = Completion(text="cached words", provider="p", model="m")
REQUEST = build_request("Describe.", {"n": 1}, {"question": "q"}, tenant_id="t1")


@pytest.fixture
async def settings(redis: RedisProcess) -> RedisSettings:
    return RedisSettings(url=redis.url, socket_timeout_s=0.3, connect_timeout_s=0.3)


@pytest.fixture
async def client(settings: RedisSettings) -> AsyncIterator[object]:
    async with redis_client(settings) as c:
        yield c


async def test_the_completion_cache_is_bypassed_while_redis_is_frozen(
    client: object, redis: RedisProcess
) -> None:
    cache = CompletionCache(RedisCache(client), ttl_s=60)  # type: ignore[arg-type]
    await cache.put(REQUEST, "p", "m", ANSWER)
    redis.freeze()
    try:
        with anyio.fail_after(10):  # bounded by the socket timeout, not the stall
            during = await cache.get(REQUEST, "p", "m")
            await cache.put(REQUEST, "p", "m", ANSWER)
    finally:
        redis.thaw()
    assert during is None


async def test_publishing_while_redis_is_down_raises_storage_unavailable(
    client: object, redis: RedisProcess
) -> None:
    bus = RedisEventBus(client)  # type: ignore[arg-type]
    redis.stop()
    event = ProgressEvent(
        type=EventType.ASSESSMENT_STATUS,
        tenant_id="t",
        assessment_id="a",
        at=datetime.now(UTC),
        status="queued",
    )
    with pytest.raises(StorageUnavailable):
        await bus.publish(event)


async def test_subscribing_while_redis_is_down_raises_storage_unavailable(
    client: object, redis: RedisProcess
) -> None:
    bus = RedisEventBus(client)  # type: ignore[arg-type]
    redis.stop()
    with pytest.raises(StorageUnavailable):
        async with bus.subscribe("t", "a"):
            pass


async def test_enqueueing_while_redis_is_down_raises_storage_unavailable(
    client: object, redis: RedisProcess
) -> None:
    queue = ArqJobQueue(client)  # type: ignore[arg-type]
    redis.stop()
    with pytest.raises(StorageUnavailable):
        await queue.enqueue_assessment("t", "a")


async def test_a_process_starts_while_redis_is_down(
    settings: RedisSettings, redis: RedisProcess
) -> None:
    redis.stop()
    async with redis_client(settings) as c:
        redis.start()
        assert await c.ping()


@pytest.fixture
def redis_ha() -> Iterator[SentinelCluster]:
    with sentinel_cluster() as cluster:
        yield cluster


async def test_through_sentinel_the_cache_writes_to_the_master_and_reads_the_replica(
    redis_ha: SentinelCluster,
) -> None:
    settings = RedisSettings(sentinels=redis_ha.sentinels.split(","))
    master, replica = connect(settings), connect_replica(settings)
    assert replica is not None
    prefix = f"t{uuid.uuid4().hex[:8]}:"
    try:
        await RedisCache(master, prefix).set("k", b"v", ttl_s=60)
        for _ in range(200):  # replication is asynchronous
            if (read := await RedisCache(master, prefix, reader=replica).get("k")) == b"v":
                break
            await anyio.sleep(0.05)
        reader_role = (await replica.info("replication"))["role"]
    finally:
        await master.aclose()
        await replica.aclose()
    assert (read, reader_role) == (b"v", "slave")
