"""Ports for tenants, API keys and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from infra_mind.domain.quotas import TenantQuotas
from infra_mind.domain.tenancy import ApiKey, AuditEntry, Tenant


@runtime_checkable
class TenantRepository(Protocol):
    """``add`` raises AlreadyExists for a taken id; ``get`` and ``set_quotas`` raise
    NotFound. ``set_quotas`` replaces the tenant's quotas and returns the stored tenant.
    Implementations raise StorageUnavailable when the store cannot be reached."""

    async def add(self, tenant: Tenant) -> None: ...

    async def get(self, tenant_id: str) -> Tenant: ...

    async def list(self) -> list[Tenant]: ...

    async def set_quotas(self, tenant_id: str, quotas: TenantQuotas) -> Tenant: ...


@runtime_checkable
class ApiKeyRepository(Protocol):
    """Stored keys (hashes only).

    ``find`` is the one lookup across tenants: authentication has only the key
    id to go on; it returns None for an unknown id. ``revoke`` and ``list`` are
    tenant-scoped: another tenant's key raises NotFound, exactly like a missing
    one. ``touch`` records when a key was last used."""

    async def add(self, key: ApiKey) -> None: ...

    async def find(self, key_id: str) -> ApiKey | None: ...

    async def list(self, tenant_id: str) -> list[ApiKey]: ...

    async def revoke(self, tenant_id: str, key_id: str, at: datetime) -> ApiKey: ...

    async def touch(self, key_id: str, at: datetime) -> None: ...


@runtime_checkable
class AuditLog(Protocol):
    """Append-only; ``list`` is one tenant's entries, newest first."""

    async def append(self, entry: AuditEntry) -> None: ...

    async def list(self, tenant_id: str, limit: int = 100) -> list[AuditEntry]: ...
