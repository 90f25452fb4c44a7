"""The Redis connection every Redis use shares: a plain URL, or Sentinel for HA."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from redis.asyncio.sentinel import Sentinel

from infra_mind.adapters.arq.serializer import deserialize, serialize
from infra_mind.adapters.redis.faults import REDIS_DOWN, REFUSED
from infra_mind.adapters.redis.settings import CredentialsRejected, RedisSettings

log = logging.getLogger(__name__)


def sentinel_addresses(sentinels: list[str]) -> list[tuple[str, int]]:
    """``host:port`` strings as (host, port); the port defaults to 26379."""
    addresses = []
    for entry in sentinels:
        host, _, port = entry.rpartition(":") if ":" in entry else (entry, "", "26379")
        addresses.append((host, int(port)))
    return addresses


def _timeouts(settings: RedisSettings) -> dict[str, Any]:
    return {
        "socket_timeout": settings.socket_timeout_s,
        "socket_connect_timeout": settings.connect_timeout_s,
    }


def credentials(settings: RedisSettings) -> dict[str, Any]:
    """ACL user, password and TLS CA for every data-node connection (masters, replicas)."""
    found: dict[str, Any] = {}
    if settings.username:
        found["username"] = settings.username
    if settings.password is not None:
        found["password"] = settings.password.get_secret_value()
    if settings.tls and settings.tls_ca_file:
        found["ssl_ca_certs"] = settings.tls_ca_file
    return found


def _sentinel(settings: RedisSettings) -> Sentinel:
    # The same bounds for the sentinels themselves: a dead sentinel is skipped, not waited on.
    return Sentinel(  # type: ignore[no-untyped-call]
        sentinel_addresses(settings.sentinels),
        sentinel_kwargs=_timeouts(settings),
        **_timeouts(settings),
    )


def connect(settings: RedisSettings) -> ArqRedis:
    """An unopened client. ArqRedis is a redis-py ``Redis``: the event bus and the
    cache use it as such, the job queue also enqueues through it."""
    if settings.sentinels:
        # master_for re-resolves the master on reconnect, which is what rides out a failover.
        master: ArqRedis = _sentinel(settings).master_for(
            settings.sentinel_master, redis_class=ArqRedis, **_data_node(settings)
        )
        return _json_jobs(master)
    url = settings.url
    if settings.tls:
        url = "rediss://" + url.removeprefix("redis://").removeprefix("rediss://")
    client: ArqRedis = ArqRedis.from_url(url, **_timeouts(settings), **credentials(settings))
    return _json_jobs(client)


def _data_node(settings: RedisSettings) -> dict[str, Any]:
    # Sentinel picks its TLS connection class from ``ssl``; a URL does it by its scheme.
    return {**credentials(settings), **({"ssl": True} if settings.tls else {})}


def _json_jobs(client: ArqRedis) -> ArqRedis:
    # arq would pickle the jobs this client enqueues (see adapters/arq/serializer.py).
    client.job_serializer, client.job_deserializer = serialize, deserialize
    return client


def connect_replica(settings: RedisSettings) -> Redis | None:
    """A client that reads from a replica (the master when none is up), for reads
    where a stale answer is safe; None without Sentinel or with ``replica_reads`` off."""
    if not settings.sentinels or not settings.replica_reads:
        return None
    replica: Redis = _sentinel(settings).slave_for(
        settings.sentinel_master, redis_class=Redis, **_data_node(settings)
    )
    return replica


@asynccontextmanager
async def redis_client(settings: RedisSettings) -> AsyncIterator[ArqRedis]:
    """The connection as a container Resource, closed at stop. Redis being down at
    start is logged, not fatal: the process starts, reports not-ready and its
    calls answer StorageUnavailable until Redis is back. Credentials Redis refuses are
    a settings error (``CredentialsRejected``): retrying would not fix them."""
    client = connect(settings)
    try:
        try:
            await client.ping()
        except REFUSED:
            raise CredentialsRejected from None
        except REDIS_DOWN as exc:
            log.warning("Redis not reachable at start-up; carrying on: %s", exc)
        yield client
    finally:
        await client.aclose()


@asynccontextmanager
async def redis_replica_client(settings: RedisSettings) -> AsyncIterator[Redis | None]:
    """``connect_replica`` as a container Resource (connects lazily)."""
    client = connect_replica(settings)
    try:
        yield client
    finally:
        if client is not None:
            await client.aclose()
