"""SQLite approval history and idempotency keys, in tables this module owns."""

from __future__ import annotations

import sqlite3

from infra_mind.adapters.sqlite.database import SqliteDatabase
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.approval import Approval
from infra_mind.ports.idempotency import DEFAULT_TTL_S, IdempotencyRecord

_TABLES = (
    """CREATE TABLE IF NOT EXISTS approvals (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        assessment_id TEXT NOT NULL,
        recommendation_id TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
    )""",
    """CREATE INDEX IF NOT EXISTS approvals_tenant_recommendation
        ON approvals (tenant_id, recommendation_id, decided_at, id)""",
    """CREATE INDEX IF NOT EXISTS approvals_tenant_assessment
        ON approvals (tenant_id, assessment_id, decided_at, id)""",
    """CREATE TABLE IF NOT EXISTS idempotency_keys (
        tenant_id TEXT NOT NULL,
        key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (tenant_id, key)
    )""",
)


class _Tables:
    """Creates this module's tables once per database object (idempotent DDL)."""

    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database
        self._ready = False

    async def ensure(self) -> None:
        if not self._ready:
            await self._db.write(_create)
            self._ready = True


def _create(conn: sqlite3.Connection) -> None:
    for statement in _TABLES:
        conn.execute(statement)


class SqliteApprovalRepository:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database
        self._tables = _Tables(database)

    async def add(self, approval: Approval) -> None:
        await self._tables.ensure()
        row = (
            approval.tenant_id,
            approval.id,
            approval.assessment_id,
            approval.recommendation_id,
            time_key(approval.decided_at),
            approval.model_dump_json(),
        )
        await self._db.write(
            lambda conn: conn.execute("INSERT INTO approvals VALUES (?, ?, ?, ?, ?, ?)", row)
        )

    async def list_for_recommendation(
        self, tenant_id: str, recommendation_id: str
    ) -> list[Approval]:
        return await self._list("recommendation_id", tenant_id, recommendation_id)

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[Approval]:
        return await self._list("assessment_id", tenant_id, assessment_id)

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        await self._tables.ensure()
        await self._db.write(
            lambda conn: conn.execute(
                "DELETE FROM approvals WHERE tenant_id = ? AND assessment_id = ?",
                (tenant_id, assessment_id),
            )
        )

    async def _list(self, column: str, tenant_id: str, value: str) -> list[Approval]:
        await self._tables.ensure()
        query = (
            f"SELECT doc FROM approvals WHERE tenant_id = ? AND {column} = ? "  # nosec B608 - column is one of two names fixed in this module; values are bound
            "ORDER BY decided_at, id"
        )
        rows = await self._db.read(lambda conn: conn.execute(query, (tenant_id, value)).fetchall())
        return [Approval.model_validate_json(r[0]) for r in rows]


class SqliteIdempotencyStore:
    def __init__(self, database: SqliteDatabase, ttl_s: float = DEFAULT_TTL_S) -> None:
        self._db = database
        self._tables = _Tables(database)
        self._ttl_s = ttl_s

    async def reserve(self, record: IdempotencyRecord) -> IdempotencyRecord:
        await self._tables.ensure()
        key = (record.tenant_id, record.key)

        # One write transaction: the read, the expiry check and the insert are atomic.
        def work(conn: sqlite3.Connection) -> IdempotencyRecord:
            row = conn.execute(
                "SELECT doc FROM idempotency_keys WHERE tenant_id = ? AND key = ?", key
            ).fetchone()
            if row is not None:
                stored = IdempotencyRecord.model_validate_json(row[0])
                if not stored.expired(record.created_at, self._ttl_s):
                    return stored
            conn.execute(
                "INSERT OR REPLACE INTO idempotency_keys VALUES (?, ?, ?)",
                (*key, record.model_dump_json()),
            )
            return record

        return await self._db.write(work)
