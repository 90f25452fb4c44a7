"""Cache port: bytes by key with a time to live."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Cache(Protocol):
    """A key-value store whose entries expire.

    ``get`` returns ``None`` for a missing or expired key. Keys are opaque
    strings the caller builds (tenant included where data is tenant-owned);
    the cache never matches anything but the exact key. Every method may raise
    ``infra_mind.domain.errors.StorageUnavailable`` when the backing store
    cannot be reached; callers treat that as a miss.
    """

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, ttl_s: float) -> None: ...

    async def delete(self, key: str) -> None: ...
