"""The shared revocation list on Redis: one key per revoked id, expiring with the credential."""

from __future__ import annotations

from datetime import datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError

from infra_mind.domain.errors import AuthUnavailable


class RedisRevocationList:
    """Every API instance sharing the Redis sees a revocation on its next request.

    Any Redis error raises AuthUnavailable, so callers fail closed."""

    def __init__(self, client: Redis, prefix: str) -> None:
        self._client = client
        self._prefix = f"{prefix}:revoked:"

    async def revoke(self, token_id: str, until: datetime) -> None:
        try:
            await self._client.set(self._prefix + token_id, b"1", exat=until)
        except (RedisError, OSError) as exc:
            raise AuthUnavailable("revocation list unreachable") from exc

    async def is_revoked(self, token_id: str) -> bool:
        try:
            return bool(await self._client.exists(self._prefix + token_id))
        except (RedisError, OSError) as exc:
            raise AuthUnavailable("revocation list unreachable") from exc
