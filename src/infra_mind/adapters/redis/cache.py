"""Redis-backed cache (redis.asyncio): shared by every process of a scaled-out deployment."""

from __future__ import annotations

import math

from redis.asyncio import Redis

from infra_mind.adapters.redis.faults import redis_unavailable


class RedisCache:
    """Keys live under ``prefix``; expiry is Redis's own (``SET … PX``). The clients are
    owned by the container (Resources) and are not closed here.

    ``reader``, when given (a Sentinel replica client), serves ``get``: a replica
    that lags returns an older entry or none, which for a cache is a miss at worst."""

    def __init__(
        self, client: Redis, prefix: str = "infra-mind:cache:", reader: Redis | None = None
    ) -> None:
        self._client = client
        self._reader = reader or client
        self._prefix = prefix

    async def get(self, key: str) -> bytes | None:
        with redis_unavailable("cache get"):
            value = await self._reader.get(self._prefix + key)
        if value is None:
            return None
        return value if isinstance(value, bytes) else str(value).encode()

    async def set(self, key: str, value: bytes, ttl_s: float) -> None:
        with redis_unavailable("cache set"):
            if ttl_s <= 0:
                await self._client.delete(self._prefix + key)
                return
            await self._client.set(self._prefix + key, value, px=max(math.ceil(ttl_s * 1000), 1))

    async def delete(self, key: str) -> None:
        with redis_unavailable("cache delete"):
            await self._client.delete(self._prefix + key)
