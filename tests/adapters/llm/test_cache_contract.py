"""One contract for every Cache adapter: in-process and Redis (a real redis-server)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import anyio
import pytest
from redis.asyncio import Redis

from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.adapters.redis.cache import RedisCache
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.ports.cache import Cache
from tests.redis_server import free_port

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    if request.param == "memory":
        yield InMemoryCache()
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    try:
        yield RedisCache(client, prefix=f"test:{uuid.uuid4().hex}:")
    finally:
        await client.aclose()


async def test_is_a_cache(cache: Cache) -> None:
    assert isinstance(cache, Cache)


async def test_missing_key_is_none(cache: Cache) -> None:
    assert await cache.get("absent") is None


async def test_set_then_get_returns_the_bytes(cache: Cache) -> None:
    await cache.set("k", b"\x00value\xff", ttl_s=60)
    assert await cache.get("k") == b"\x00value\xff"


async def test_set_overwrites(cache: Cache) -> None:
    await cache.set("k", b"one", ttl_s=60)
    await cache.set("k", b"two", ttl_s=60)
    assert await cache.get("k") == b"two"


async def test_delete_removes(cache: Cache) -> None:
    await cache.set("k", b"v", ttl_s=60)
    await cache.delete("k")
    await cache.delete("never-there")
    assert await cache.get("k") is None


async def test_entries_expire(cache: Cache) -> None:
    await cache.set("k", b"v", ttl_s=0.05)
    await anyio.sleep(0.15)
    assert await cache.get("k") is None


async def test_keys_are_exact(cache: Cache) -> None:
    await cache.set("llm:v1:t1:p:m:abc", b"v", ttl_s=60)
    assert await cache.get("llm:v1:t1:p:m:ab") is None
    assert await cache.get("llm:v1:t1:p:m:abc ") is None


async def test_memory_cache_expiry_follows_its_clock() -> None:
    now = [0.0]
    cache = InMemoryCache(clock=lambda: now[0])
    await cache.set("k", b"v", ttl_s=10)
    now[0] = 9.99
    assert await cache.get("k") == b"v"
    now[0] = 10.0
    assert await cache.get("k") is None


async def test_memory_cache_evicts_oldest_when_full() -> None:
    cache = InMemoryCache(max_entries=2)
    for key in ("a", "b", "c"):
        await cache.set(key, b"v", ttl_s=60)
    assert (await cache.get("a"), len(cache)) == (None, 2)


async def test_redis_that_is_down_raises_storage_unavailable() -> None:
    client = Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.2)
    try:
        with pytest.raises(StorageUnavailable):
            await RedisCache(client).get("k")
    finally:
        await client.aclose()
