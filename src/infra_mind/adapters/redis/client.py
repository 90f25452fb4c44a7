"""The Redis connection every Redis use shares: a plain URL, or Sentinel for HA."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from arq.connections import ArqRedis
from redis.asyncio.sentinel import Sentinel

from infra_mind.adapters.redis.settings import RedisSettings


def sentinel_addresses(sentinels: list[str]) -> list[tuple[str, int]]:
    """``host:port`` strings as (host, port); the port defaults to 26379."""
    addresses = []
    for entry in sentinels:
        host, _, port = entry.rpartition(":") if ":" in entry else (entry, "", "26379")
        addresses.append((host, int(port)))
    return addresses


def connect(settings: RedisSettings) -> ArqRedis:
    """An unopened client. ArqRedis is a redis-py ``Redis``: the event bus and the
    cache use it as such, the job queue also enqueues through it."""
    if settings.sentinels:
        sentinel = Sentinel(  # type: ignore[no-untyped-call]
            sentinel_addresses(settings.sentinels), socket_timeout=5.0
        )
        # master_for re-resolves the master on reconnect, which is what rides out a failover.
        master: ArqRedis = sentinel.master_for(settings.sentinel_master, redis_class=ArqRedis)
        return master
    client: ArqRedis = ArqRedis.from_url(settings.url)
    return client


@asynccontextmanager
async def redis_client(settings: RedisSettings) -> AsyncIterator[ArqRedis]:
    """The connection as a container Resource: checked at start, closed at stop."""
    client = connect(settings)
    try:
        await client.ping()
        yield client
    finally:
        await client.aclose()
