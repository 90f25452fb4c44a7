"""In-memory tenants, API keys and audit log (unit tests and the memory backend)."""

from __future__ import annotations

from datetime import datetime

from infra_mind.domain.errors import AlreadyExists, NotFound
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.domain.tenancy import ApiKey, AuditEntry, Tenant


class InMemoryTenantRepository:
    def __init__(self) -> None:
        self._tenants: dict[str, Tenant] = {}

    async def add(self, tenant: Tenant) -> None:
        if tenant.id in self._tenants:
            raise AlreadyExists("tenant", tenant.id)
        self._tenants[tenant.id] = tenant

    async def get(self, tenant_id: str) -> Tenant:
        try:
            return self._tenants[tenant_id]
        except KeyError:
            raise NotFound("tenant", tenant_id) from None

    async def list(self) -> list[Tenant]:
        return sorted(self._tenants.values(), key=lambda t: t.id)

    async def set_quotas(self, tenant_id: str, quotas: TenantQuotas) -> Tenant:
        tenant = (await self.get(tenant_id)).model_copy(update={"quotas": quotas})
        self._tenants[tenant_id] = tenant
        return tenant


class InMemoryApiKeyRepository:
    def __init__(self) -> None:
        self._keys: dict[str, ApiKey] = {}

    async def add(self, key: ApiKey) -> None:
        if key.id in self._keys:
            raise AlreadyExists("api key", key.id)
        self._keys[key.id] = key

    async def find(self, key_id: str) -> ApiKey | None:
        return self._keys.get(key_id)

    async def list(self, tenant_id: str) -> list[ApiKey]:
        found = (k for k in self._keys.values() if k.tenant_id == tenant_id)
        return sorted(found, key=lambda k: (k.created_at, k.id))

    async def revoke(self, tenant_id: str, key_id: str, at: datetime) -> ApiKey:
        key = self._keys.get(key_id)
        if key is None or key.tenant_id != tenant_id:
            raise NotFound("api key", key_id)
        if key.revoked_at is None:
            key = key.model_copy(update={"revoked_at": at})
            self._keys[key_id] = key
        return key

    async def touch(self, key_id: str, at: datetime) -> None:
        if key_id in self._keys:
            self._keys[key_id] = self._keys[key_id].model_copy(update={"last_used_at": at})


class InMemoryAuditLog:
    def __init__(self) -> None:
        self._entries: list[AuditEntry] = []

    async def append(self, entry: AuditEntry) -> None:
        self._entries.append(entry)

    async def list(self, tenant_id: str, limit: int = 100) -> list[AuditEntry]:
        mine = [e for e in self._entries if e.tenant_id == tenant_id]
        return sorted(mine, key=lambda e: (e.at, e.id), reverse=True)[:limit]
