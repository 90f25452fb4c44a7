"""Rate-limit counter on Redis, shared by every API process: one Lua script per request."""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from infra_mind.adapters.redis.faults import redis_unavailable
from infra_mind.ports.rate_limits import Window, WindowCount

# For each key: INCR, and on the window's first hit PEXPIRE, atomically (a script runs
# alone on the server), so a key can never be left counting without an expiry. Answers
# {count, milliseconds to expiry} per key.
_HIT = """
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[i]); ttl = tonumber(ARGV[i]) end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out
"""


class RedisRateLimitCounter:
    """Fixed windows opened by each key's first hit, kept by Redis (so clocks of the API
    hosts do not matter). Redis unreachable raises ``StorageUnavailable``."""

    def __init__(self, client: Redis, prefix: str) -> None:
        self._script = client.register_script(_HIT)
        self._prefix = f"{prefix}:ratelimit:"

    async def hit(self, windows: Sequence[Window]) -> list[WindowCount]:
        keys = [self._prefix + w.key for w in windows]
        millis = [w.seconds * 1000 for w in windows]
        with redis_unavailable("rate-limit count"):
            out = await self._script(keys=keys, args=millis)
        return [
            WindowCount(count=int(out[i]), resets_in_s=int(out[i + 1]) / 1000)
            for i in range(0, len(out), 2)
        ]
