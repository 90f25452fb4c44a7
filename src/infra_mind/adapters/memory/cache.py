"""In-process cache with expiry, for the embedded default and for tests."""

from __future__ import annotations

import time
from collections.abc import Callable


class InMemoryCache:
    """A dict of (value, expires_at); expired entries vanish when read. ``clock`` is a
    monotonic seconds function (tests pass a fake one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_entries: int = 10_000):
        self._clock = clock
        self._max_entries = max_entries
        self._entries: dict[str, tuple[bytes, float]] = {}

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        return value

    async def set(self, key: str, value: bytes, ttl_s: float) -> None:
        if ttl_s <= 0:
            self._entries.pop(key, None)
            return
        self._entries.pop(key, None)
        if len(self._entries) >= self._max_entries:
            self._evict()
        self._entries[key] = (value, self._clock() + ttl_s)

    async def delete(self, key: str) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)

    def _evict(self) -> None:
        now = self._clock()
        for key in [k for k, (_, exp) in self._entries.items() if exp <= now]:
            del self._entries[key]
        while len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]  # oldest insertion first
