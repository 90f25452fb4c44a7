"""SQLite tenants, API keys (hashes only) and audit log, in tables this module owns."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from infra_mind.adapters.sqlite.database import SqliteDatabase
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.errors import AlreadyExists, NotFound
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.domain.tenancy import ApiKey, AuditEntry, Tenant

_TABLES = (
    "CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, doc TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS api_keys_tenant ON api_keys (tenant_id, created_at, id)",
    """CREATE TABLE IF NOT EXISTS audit_log (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
    )""",
    "CREATE INDEX IF NOT EXISTS audit_log_tenant_at ON audit_log (tenant_id, at, id)",
)


class _Tables:
    """Creates this module's tables once per database object (idempotent DDL)."""

    def __init__(self, database: SqliteDatabase) -> None:
        self.db = database
        self._ready = False

    async def ready(self) -> SqliteDatabase:
        if not self._ready:
            await self.db.write(_create)
            self._ready = True
        return self.db


def _create(conn: sqlite3.Connection) -> None:
    for statement in _TABLES:
        conn.execute(statement)


class SqliteTenantRepository:
    def __init__(self, database: SqliteDatabase) -> None:
        self._tables = _Tables(database)

    async def add(self, tenant: Tenant) -> None:
        db = await self._tables.ready()

        def work(conn: sqlite3.Connection) -> None:
            try:
                conn.execute(
                    "INSERT INTO tenants VALUES (?, ?)", (tenant.id, tenant.model_dump_json())
                )
            except sqlite3.IntegrityError:
                raise AlreadyExists("tenant", tenant.id) from None

        await db.write(work)

    async def get(self, tenant_id: str) -> Tenant:
        db = await self._tables.ready()
        row = await db.read(
            lambda conn: conn.execute(
                "SELECT doc FROM tenants WHERE id = ?", (tenant_id,)
            ).fetchone()
        )
        if row is None:
            raise NotFound("tenant", tenant_id)
        return Tenant.model_validate_json(row[0])

    async def list(self) -> list[Tenant]:
        db = await self._tables.ready()
        rows = await db.read(
            lambda conn: conn.execute("SELECT doc FROM tenants ORDER BY id").fetchall()
        )
        return [Tenant.model_validate_json(r[0]) for r in rows]

    async def set_quotas(self, tenant_id: str, quotas: TenantQuotas) -> Tenant:
        db = await self._tables.ready()

        def work(conn: sqlite3.Connection) -> Tenant:
            row = conn.execute("SELECT doc FROM tenants WHERE id = ?", (tenant_id,)).fetchone()
            if row is None:
                raise NotFound("tenant", tenant_id)
            tenant = Tenant.model_validate_json(row[0]).model_copy(update={"quotas": quotas})
            conn.execute(
                "UPDATE tenants SET doc = ? WHERE id = ?", (tenant.model_dump_json(), tenant_id)
            )
            return tenant

        return await db.write(work)


class SqliteApiKeyRepository:
    def __init__(self, database: SqliteDatabase) -> None:
        self._tables = _Tables(database)

    async def add(self, key: ApiKey) -> None:
        db = await self._tables.ready()
        row = (key.id, key.tenant_id, time_key(key.created_at), key.model_dump_json())

        def work(conn: sqlite3.Connection) -> None:
            try:
                conn.execute("INSERT INTO api_keys VALUES (?, ?, ?, ?)", row)
            except sqlite3.IntegrityError:
                raise AlreadyExists("api key", key.id) from None

        await db.write(work)

    async def find(self, key_id: str) -> ApiKey | None:
        db = await self._tables.ready()
        row = await db.read(
            lambda conn: conn.execute("SELECT doc FROM api_keys WHERE id = ?", (key_id,)).fetchone()
        )
        return None if row is None else ApiKey.model_validate_json(row[0])

    async def list(self, tenant_id: str) -> list[ApiKey]:
        db = await self._tables.ready()
        rows = await db.read(
            lambda conn: conn.execute(
                "SELECT doc FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id",
                (tenant_id,),
            ).fetchall()
        )
        return [ApiKey.model_validate_json(r[0]) for r in rows]

    async def revoke(self, tenant_id: str, key_id: str, at: datetime) -> ApiKey:
        db = await self._tables.ready()

        def work(conn: sqlite3.Connection) -> ApiKey:
            row = conn.execute(
                "SELECT doc FROM api_keys WHERE id = ? AND tenant_id = ?", (key_id, tenant_id)
            ).fetchone()
            if row is None:
                raise NotFound("api key", key_id)
            key = ApiKey.model_validate_json(row[0])
            if key.revoked_at is None:
                key = key.model_copy(update={"revoked_at": at})
                conn.execute(
                    "UPDATE api_keys SET doc = ? WHERE id = ?", (key.model_dump_json(), key_id)
                )
            return key

        return await db.write(work)

    async def touch(self, key_id: str, at: datetime) -> None:
        db = await self._tables.ready()

        def work(conn: sqlite3.Connection) -> None:
            row = conn.execute("SELECT doc FROM api_keys WHERE id = ?", (key_id,)).fetchone()
            if row is not None:
                key = ApiKey.model_validate_json(row[0]).model_copy(update={"last_used_at": at})
                conn.execute(
                    "UPDATE api_keys SET doc = ? WHERE id = ?", (key.model_dump_json(), key_id)
                )

        await db.write(work)


class SqliteAuditLog:
    def __init__(self, database: SqliteDatabase) -> None:
        self._tables = _Tables(database)

    async def append(self, entry: AuditEntry) -> None:
        db = await self._tables.ready()
        row = (entry.tenant_id, entry.id, time_key(entry.at), entry.model_dump_json())
        await db.write(lambda conn: conn.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?)", row))

    async def list(self, tenant_id: str, limit: int = 100) -> list[AuditEntry]:
        db = await self._tables.ready()
        rows = await db.read(
            lambda conn: conn.execute(
                "SELECT doc FROM audit_log WHERE tenant_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                (tenant_id, limit),
            ).fetchall()
        )
        return [AuditEntry.model_validate_json(r[0]) for r in rows]
