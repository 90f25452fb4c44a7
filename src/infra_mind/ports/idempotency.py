"""Idempotency store port: one remembered answer per (tenant, Idempotency-Key)."""

from __future__ import annotations

from datetime import datetime
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


@runtime_checkable
class IdempotencyStore(Protocol):
    """``reserve`` stores ``record`` unless its (tenant, key) exists and returns the
    stored record either way: the first writer wins, atomically, so two concurrent
    requests with one key agree on one resource id. Raises StorageUnavailable
    when the store cannot be reached."""

    async def reserve(self, record: IdempotencyRecord) -> IdempotencyRecord: ...
