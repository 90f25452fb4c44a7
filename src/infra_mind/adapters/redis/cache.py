"""Redis-backed cache (redis.asyncio): shared by every process of a scaled-out deployment."""

from __future__ import annotations

import math

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from infra_mind.domain.errors import StorageUnavailable

_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisCache:
    """Keys live under ``prefix``; expiry is Redis's own (``SET … PX``). The client is owned
    by the container (a Resource) and is not closed here."""

    def __init__(self, client: Redis, prefix: str = "infra-mind:cache:") -> None:
        self._client = client
        self._prefix = prefix

    async def get(self, key: str) -> bytes | None:
        try:
            value = await self._client.get(self._prefix + key)
        except _DOWN as exc:
            raise StorageUnavailable(f"redis cache get failed: {exc}") from exc
        if value is None:
            return None
        return value if isinstance(value, bytes) else str(value).encode()

    async def set(self, key: str, value: bytes, ttl_s: float) -> None:
        try:
            if ttl_s <= 0:
                await self._client.delete(self._prefix + key)
                return
            await self._client.set(self._prefix + key, value, px=max(math.ceil(ttl_s * 1000), 1))
        except _DOWN as exc:
            raise StorageUnavailable(f"redis cache set failed: {exc}") from exc

    async def delete(self, key: str) -> None:
        try:
            await self._client.delete(self._prefix + key)
        except _DOWN as exc:
            raise StorageUnavailable(f"redis cache delete failed: {exc}") from exc
