"""SQLite assessment repository: compare-and-set saves on the ``version`` column."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from infra_mind.adapters.cursor import decode_cursor, encode_cursor
from infra_mind.adapters.sqlite.database import SqliteDatabase
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import ConcurrencyConflict, NotFound
from infra_mind.domain.usage import ACTIVE, AssessmentCounts
from infra_mind.ports.repositories import AssessmentRef, Page

DOC_SCHEMA_VERSION = 1


def _columns(a: Assessment) -> tuple[str, str, str | None, int, str]:
    lease = time_key(a.lease.expires_at) if a.lease is not None else None
    doc = a.model_dump_json(exclude={"version"})
    return a.status.value, time_key(a.created_at), lease, DOC_SCHEMA_VERSION, doc


def _load(doc: str, version: int) -> Assessment:
    return Assessment.model_validate({**json.loads(doc), "version": version})


def _stored_version(conn: sqlite3.Connection, tenant_id: str, assessment_id: str) -> int | None:
    row = conn.execute(
        "SELECT version FROM assessments WHERE tenant_id = ? AND id = ?",
        (tenant_id, assessment_id),
    ).fetchone()
    return None if row is None else int(row[0])


class SqliteAssessmentRepository:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def add(self, assessment: Assessment) -> Assessment:
        stored = assessment.model_copy(update={"version": 1})

        def work(conn: sqlite3.Connection) -> None:
            try:
                conn.execute(
                    "INSERT INTO assessments (tenant_id, id, status, created_at,"
                    " lease_expires_at, schema_version, doc, version)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                    (stored.tenant_id, stored.id, *_columns(stored)),
                )
            except sqlite3.IntegrityError:
                actual = _stored_version(conn, stored.tenant_id, stored.id)
                raise ConcurrencyConflict("assessment", stored.id, 0, actual) from None

        await self._db.write(work)
        return stored

    async def get(self, tenant_id: str, assessment_id: str) -> Assessment:
        row = await self._db.read(
            lambda conn: conn.execute(
                "SELECT doc, version FROM assessments WHERE tenant_id = ? AND id = ?",
                (tenant_id, assessment_id),
            ).fetchone()
        )
        if row is None:
            raise NotFound("assessment", assessment_id)
        return _load(row[0], row[1])

    async def save(self, assessment: Assessment) -> Assessment:
        stored = assessment.model_copy(update={"version": assessment.version + 1})

        def work(conn: sqlite3.Connection) -> None:
            status, created, lease, schema, doc = _columns(stored)
            updated = conn.execute(
                "UPDATE assessments SET status = ?, created_at = ?, lease_expires_at = ?,"
                " schema_version = ?, doc = ?, version = version + 1"
                " WHERE tenant_id = ? AND id = ? AND version = ?",
                (
                    status,
                    created,
                    lease,
                    schema,
                    doc,
                    stored.tenant_id,
                    stored.id,
                    assessment.version,
                ),
            ).rowcount
            if updated == 1:
                return
            actual = _stored_version(conn, stored.tenant_id, stored.id)
            if actual is None:
                raise NotFound("assessment", assessment.id)
            raise ConcurrencyConflict("assessment", assessment.id, assessment.version, actual)

        await self._db.write(work)
        return stored

    async def delete(
        self, tenant_id: str, assessment_id: str, *, version: int | None = None
    ) -> None:
        def work(conn: sqlite3.Connection) -> None:
            deleted = conn.execute(
                "DELETE FROM assessments WHERE tenant_id = ? AND id = ?"
                " AND (? IS NULL OR version = ?)",
                (tenant_id, assessment_id, version, version),
            ).rowcount
            if deleted == 1:
                return
            actual = _stored_version(conn, tenant_id, assessment_id)
            if actual is None:
                raise NotFound("assessment", assessment_id)
            raise ConcurrencyConflict("assessment", assessment_id, version or 0, actual)

        await self._db.write(work)

    async def list(
        self,
        tenant_id: str,
        *,
        status: AssessmentStatus | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        if limit < 1:
            return Page(items=[])
        where, params = ["tenant_id = ?"], [tenant_id]
        if status is not None:
            where.append("status = ?")
            params.append(status.value)
        if cursor is not None:
            created, ident = decode_cursor(cursor)
            where.append("(created_at < ? OR (created_at = ? AND id < ?))")
            params += [time_key(created), time_key(created), ident]
        sql = (
            f"SELECT doc, version FROM assessments WHERE {' AND '.join(where)}"  # nosec B608 - clauses are literals of this module; values are bound
            " ORDER BY created_at DESC, id DESC LIMIT ?"
        )
        rows = await self._db.read(lambda conn: conn.execute(sql, (*params, limit + 1)).fetchall())
        items = [_load(doc, version) for doc, version in rows[:limit]]
        more = len(rows) > limit
        return Page(items=items, next_cursor=encode_cursor(items[-1]) if more else None)

    async def find_recoverable(self, now: datetime) -> Sequence[AssessmentRef]:
        rows = await self._db.read(
            lambda conn: conn.execute(
                "SELECT tenant_id, id, status FROM assessments WHERE status = ?"
                " OR (status = ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?))",
                (AssessmentStatus.QUEUED.value, AssessmentStatus.RUNNING.value, time_key(now)),
            ).fetchall()
        )
        return [
            AssessmentRef(tenant_id=t, assessment_id=i, status=AssessmentStatus(s))
            for t, i, s in rows
        ]

    async def status_counts(self) -> dict[tuple[str, AssessmentStatus], int]:
        rows = await self._db.read(
            lambda conn: conn.execute(
                "SELECT tenant_id, status, COUNT(*) FROM assessments GROUP BY tenant_id, status"
            ).fetchall()
        )
        return {(t, AssessmentStatus(s)): int(n) for t, s, n in rows}

    async def counts(self, tenant_id: str, since: datetime) -> AssessmentCounts:
        rows = await self._db.read(
            lambda conn: conn.execute(
                "SELECT status, created_at >= ?, COUNT(*) FROM assessments WHERE tenant_id = ?"
                " GROUP BY status, created_at >= ?",
                (time_key(since), tenant_id, time_key(since)),
            ).fetchall()
        )
        created: Counter[str] = Counter()
        active = 0
        for status, recent, n in rows:
            if recent:
                created[status] += n
            if AssessmentStatus(status) in ACTIVE:
                active += n
        return AssessmentCounts(by_status=dict(created), active=active)
