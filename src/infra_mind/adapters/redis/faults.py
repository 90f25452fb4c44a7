"""What "Redis is unavailable" means for every Redis adapter, mapped once to the domain error.

A refused or lost connection, a timeout (a frozen or overloaded server), no
master known to the sentinels yet, a replica still loading its data, or a write
reaching a demoted master during a failover: all are transient, all become
``StorageUnavailable`` so callers (and the HTTP layer: 503 + Retry-After) treat
them alike and never as a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from redis.exceptions import AuthenticationError, NoPermissionError, ReadOnlyError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from infra_mind.domain.errors import StorageUnavailable

# MasterNotFoundError and BusyLoadingError are ConnectionError subclasses.
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OSError)
# AuthenticationError is a ConnectionError too: catch these first where they mean settings.
REFUSED = (AuthenticationError, NoPermissionError)


@contextmanager
def redis_unavailable(what: str) -> Iterator[None]:
    """Raise ``StorageUnavailable`` naming ``what`` failed when Redis cannot serve it."""
    try:
        yield
    except REDIS_DOWN as exc:
        raise StorageUnavailable(f"redis {what} failed: {type(exc).__name__}: {exc}") from exc
