"""MongoDB tenants, API keys (hashes only) and audit log."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import API_KEYS, AUDIT_LOG, TENANTS
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.errors import AlreadyExists, NotFound
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.domain.tenancy import ApiKey, AuditEntry, Tenant

_DOC = {"_id": 0, "doc": 1}


class _Collection:
    def __init__(self, database: MongoDatabase, name: str) -> None:
        self._database, self._name = database, name

    async def __call__(self) -> AsyncCollection[Document]:
        return (await self._database.ready())[self._name]


class MongoTenantRepository:
    def __init__(self, database: MongoDatabase) -> None:
        self._tenants = _Collection(database, TENANTS)

    async def add(self, tenant: Tenant) -> None:
        with unavailable_on_connection_error():
            try:
                await (await self._tenants()).insert_one(
                    {"id": tenant.id, "doc": tenant.model_dump(mode="json")}
                )
            except DuplicateKeyError:
                raise AlreadyExists("tenant", tenant.id) from None

    async def get(self, tenant_id: str) -> Tenant:
        with unavailable_on_connection_error():
            found = await (await self._tenants()).find_one({"id": tenant_id}, _DOC)
        if found is None:
            raise NotFound("tenant", tenant_id)
        return Tenant.model_validate(found["doc"])

    async def list(self) -> list[Tenant]:
        with unavailable_on_connection_error():
            rows = await (await self._tenants()).find({}, _DOC).sort("id", ASCENDING).to_list()
        return [Tenant.model_validate(r["doc"]) for r in rows]

    async def set_quotas(self, tenant_id: str, quotas: TenantQuotas) -> Tenant:
        with unavailable_on_connection_error():
            found = await (await self._tenants()).find_one_and_update(
                {"id": tenant_id},
                {"$set": {"doc.quotas": quotas.model_dump(mode="json")}},
                projection=_DOC,
                return_document=ReturnDocument.AFTER,
            )
        if found is None:
            raise NotFound("tenant", tenant_id)
        return Tenant.model_validate(found["doc"])


class MongoApiKeyRepository:
    def __init__(self, database: MongoDatabase) -> None:
        self._keys = _Collection(database, API_KEYS)

    async def add(self, key: ApiKey) -> None:
        document = {
            "id": key.id,
            "tenant_id": key.tenant_id,
            "created_at": time_key(key.created_at),
            "doc": key.model_dump(mode="json"),
        }
        with unavailable_on_connection_error():
            try:
                await (await self._keys()).insert_one(document)
            except DuplicateKeyError:
                raise AlreadyExists("api key", key.id) from None

    async def find(self, key_id: str) -> ApiKey | None:
        with unavailable_on_connection_error():
            found = await (await self._keys()).find_one({"id": key_id}, _DOC)
        return None if found is None else ApiKey.model_validate(found["doc"])

    async def list(self, tenant_id: str) -> list[ApiKey]:
        order = [("created_at", ASCENDING), ("id", ASCENDING)]
        with unavailable_on_connection_error():
            rows = (
                await (await self._keys())
                .find({"tenant_id": tenant_id}, _DOC)
                .sort(order)
                .to_list()
            )
        return [ApiKey.model_validate(r["doc"]) for r in rows]

    async def revoke(self, tenant_id: str, key_id: str, at: datetime) -> ApiKey:
        scope = {"id": key_id, "tenant_id": tenant_id}
        with unavailable_on_connection_error():
            keys = await self._keys()
            # Only the first revocation sets the time; later ones return the stored key.
            await keys.update_one(
                {**scope, "doc.revoked_at": None}, {"$set": {"doc.revoked_at": _iso(at)}}
            )
            found = await keys.find_one(scope, _DOC)
        if found is None:
            raise NotFound("api key", key_id)
        return ApiKey.model_validate(found["doc"])

    async def touch(self, key_id: str, at: datetime) -> None:
        with unavailable_on_connection_error():
            await (await self._keys()).update_one(
                {"id": key_id}, {"$set": {"doc.last_used_at": _iso(at)}}
            )


class MongoAuditLog:
    def __init__(self, database: MongoDatabase) -> None:
        self._entries = _Collection(database, AUDIT_LOG)

    async def append(self, entry: AuditEntry) -> None:
        with unavailable_on_connection_error():
            await (await self._entries()).insert_one(
                {
                    "tenant_id": entry.tenant_id,
                    "id": entry.id,
                    "at": time_key(entry.at),
                    "doc": entry.model_dump(mode="json"),
                }
            )

    async def list(self, tenant_id: str, limit: int = 100) -> list[AuditEntry]:
        order = [("at", DESCENDING), ("id", DESCENDING)]
        with unavailable_on_connection_error():
            found = (await self._entries()).find({"tenant_id": tenant_id}, _DOC).sort(order)
            rows = await found.limit(limit).to_list()
        return [AuditEntry.model_validate(r["doc"]) for r in rows]


def _iso(at: datetime) -> str:
    """ISO 8601, which the model reads back as the same instant."""
    return at.isoformat()
