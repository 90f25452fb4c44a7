"""Tenant, API key and audit log contracts: the same tests on memory, SQLite and MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from infra_mind.adapters.memory.tenancy import (
    InMemoryApiKeyRepository,
    InMemoryAuditLog,
    InMemoryTenantRepository,
)
from infra_mind.adapters.mongo import MongoSettings, open_mongo_database
from infra_mind.adapters.mongo.tenancy import (
    MongoApiKeyRepository,
    MongoAuditLog,
    MongoTenantRepository,
)
from infra_mind.adapters.sqlite import open_sqlite
from infra_mind.adapters.sqlite.tenancy import (
    SqliteApiKeyRepository,
    SqliteAuditLog,
    SqliteTenantRepository,
)
from infra_mind.domain.access import Role
from infra_mind.domain.errors import AlreadyExists, NotFound
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.domain.tenancy import ApiKey, AuditAction, AuditEntry, Tenant, hash_secret
from infra_mind.ports.tenancy import ApiKeyRepository, AuditLog, TenantRepository
from tests.adapters.storage.builders import BASE, new_id

pytestmark = pytest.mark.anyio


@dataclass
class Repos:
    tenants: TenantRepository
    keys: ApiKeyRepository
    audit: AuditLog


@pytest.fixture
async def repos(
    backend: str, mongo_settings: MongoSettings | None, tmp_path: Path
) -> AsyncIterator[Repos]:
    if backend == "memory":
        yield Repos(InMemoryTenantRepository(), InMemoryApiKeyRepository(), InMemoryAuditLog())
    elif backend == "sqlite":
        async with open_sqlite(tmp_path / "infra-mind.db") as db:
            yield Repos(SqliteTenantRepository(db), SqliteApiKeyRepository(db), SqliteAuditLog(db))
    else:
        assert mongo_settings is not None
        async with open_mongo_database(mongo_settings) as database:
            yield Repos(
                MongoTenantRepository(database),
                MongoApiKeyRepository(database),
                MongoAuditLog(database),
            )
            await database.client.drop_database(mongo_settings.database)


def key(tenant_id: str, minutes: int = 0) -> ApiKey:
    return ApiKey(
        id=new_id("k")[-16:],
        tenant_id=tenant_id,
        role=Role.ANALYST,
        name="ci",
        secret_hash=hash_secret("secret"),
        created_at=BASE + timedelta(minutes=minutes),
        created_by="local:operator",
    )


def entry(tenant_id: str, minutes: int) -> AuditEntry:
    return AuditEntry(
        id=new_id("au"),
        tenant_id=tenant_id,
        at=BASE + timedelta(minutes=minutes),
        action=AuditAction.KEY_CREATED,
        actor="key:x",
        role=Role.ADMIN,
        target=f"k{minutes}",
        detail={"role": "viewer"},
    )


async def test_implements_the_ports(repos: Repos) -> None:
    assert isinstance(repos.tenants, TenantRepository)
    assert isinstance(repos.keys, ApiKeyRepository)
    assert isinstance(repos.audit, AuditLog)


async def test_a_tenant_reads_back(repos: Repos, tenant: str) -> None:
    t = Tenant(id=tenant, name="Acme", created_at=BASE)
    await repos.tenants.add(t)
    assert t == await repos.tenants.get(tenant)


async def test_a_tenant_id_is_taken_once(repos: Repos, tenant: str) -> None:
    await repos.tenants.add(Tenant(id=tenant, name="a", created_at=BASE))
    with pytest.raises(AlreadyExists):
        await repos.tenants.add(Tenant(id=tenant, name="b", created_at=BASE))


async def test_an_unknown_tenant_is_not_found(repos: Repos) -> None:
    with pytest.raises(NotFound):
        await repos.tenants.get("nobody")


async def test_tenants_list_in_id_order(repos: Repos) -> None:
    for name in ("b-two", "a-one"):
        await repos.tenants.add(Tenant(id=name, name=name, created_at=BASE))
    assert [t.id for t in await repos.tenants.list()] == ["a-one", "b-two"]


async def test_a_key_is_found_by_id(repos: Repos, tenant: str) -> None:
    k = key(tenant)
    await repos.keys.add(k)
    assert k == await repos.keys.find(k.id)


async def test_an_unknown_key_is_none(repos: Repos) -> None:
    assert await repos.keys.find("0000000000000000") is None


async def test_keys_list_per_tenant_oldest_first(
    repos: Repos, tenant: str, other_tenant: str
) -> None:
    later, earlier, theirs = key(tenant, 5), key(tenant, 1), key(other_tenant, 0)
    for k in (later, earlier, theirs):
        await repos.keys.add(k)
    assert [earlier.id, later.id] == [k.id for k in await repos.keys.list(tenant)]


async def test_revoke_sets_the_time_once(repos: Repos, tenant: str) -> None:
    k = key(tenant)
    await repos.keys.add(k)
    first = await repos.keys.revoke(tenant, k.id, BASE + timedelta(hours=1))
    again = await repos.keys.revoke(tenant, k.id, BASE + timedelta(hours=2))
    assert (BASE + timedelta(hours=1),) * 2 == (first.revoked_at, again.revoked_at)


async def test_another_tenants_key_cannot_be_revoked(
    repos: Repos, tenant: str, other_tenant: str
) -> None:
    k = key(other_tenant)
    await repos.keys.add(k)
    with pytest.raises(NotFound):
        await repos.keys.revoke(tenant, k.id, BASE)
    found = await repos.keys.find(k.id)
    assert found is not None
    assert found.revoked_at is None


async def test_touch_records_last_use(repos: Repos, tenant: str) -> None:
    k = key(tenant)
    await repos.keys.add(k)
    await repos.keys.touch(k.id, BASE + timedelta(minutes=3))
    found = await repos.keys.find(k.id)
    assert found is not None
    assert BASE + timedelta(minutes=3) == found.last_used_at


async def test_audit_lists_one_tenant_newest_first(
    repos: Repos, tenant: str, other_tenant: str
) -> None:
    for minutes in (1, 3, 2):
        await repos.audit.append(entry(tenant, minutes))
    await repos.audit.append(entry(other_tenant, 9))
    assert [e.target for e in await repos.audit.list(tenant)] == ["k3", "k2", "k1"]


async def test_audit_list_honours_the_limit(repos: Repos, tenant: str) -> None:
    for minutes in range(5):
        await repos.audit.append(entry(tenant, minutes))
    assert [e.target for e in await repos.audit.list(tenant, limit=2)] == ["k4", "k3"]


async def test_a_new_tenant_sets_no_quota_of_its_own(repos: Repos) -> None:
    await repos.tenants.add(Tenant(id="acme", name="Acme", created_at=BASE))
    assert (await repos.tenants.get("acme")).quotas == TenantQuotas()


async def test_set_quotas_is_stored_and_read_back(repos: Repos) -> None:
    await repos.tenants.add(Tenant(id="acme", name="Acme", created_at=BASE))
    quotas = TenantQuotas(assessments_per_month=12, llm_spend_cents_per_month=0)
    returned = await repos.tenants.set_quotas("acme", quotas)
    stored = await repos.tenants.get("acme")
    assert (returned, stored.quotas, stored.name) == (stored, quotas, "Acme")


async def test_set_quotas_of_an_unknown_tenant_is_not_found(repos: Repos) -> None:
    with pytest.raises(NotFound):
        await repos.tenants.set_quotas("nobody", TenantQuotas(assessments_per_month=1))
