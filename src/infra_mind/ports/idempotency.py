"""Idempotency store port: one remembered answer per (tenant, Idempotency-Key)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict


class IdempotencyRecord(BaseModel):
    """What a key was first used for: the request's fingerprint and the resource made."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    key: str
    fingerprint: str
    resource_id: str
    created_at: datetime

    def expired(self, now: datetime, ttl_s: float) -> bool:
        """Whether the key has outlived ``ttl_s`` seconds at ``now``."""
        return now >= self.created_at + timedelta(seconds=ttl_s)


DEFAULT_TTL_S = 24 * 3600.0


@runtime_checkable
class IdempotencyStore(Protocol):
    """``reserve`` stores ``record`` unless its (tenant, key) exists and returns the
    stored record either way: the first writer wins, atomically, so two concurrent
    requests with one key agree on one resource id. A key expires ``ttl_s``
    seconds after it was first stored (counted to ``record.created_at``); an
    expired key is treated as unused and taken by the new record. Raises
    StorageUnavailable when the store cannot be reached."""

    async def reserve(self, record: IdempotencyRecord) -> IdempotencyRecord: ...
