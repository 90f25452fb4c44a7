"""SQLite agent-result repository: one row per (tenant, assessment, node), upserted."""

from __future__ import annotations

from datetime import datetime

from infra_mind.adapters.sqlite.database import SqliteDatabase
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.errors import NotFound
from infra_mind.domain.results import AgentResult
from infra_mind.domain.usage import AgentRunCounts

DOC_SCHEMA_VERSION = 1


class SqliteAgentResultRepository:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def save(self, result: AgentResult) -> None:
        # ON CONFLICT … DO UPDATE keeps the rowid, so list() keeps first-write order.
        params = (
            result.tenant_id,
            result.assessment_id,
            result.node,
            result.status.value,
            time_key(result.created_at),
            DOC_SCHEMA_VERSION,
            result.model_dump_json(),
        )
        await self._db.write(
            lambda conn: conn.execute(
                "INSERT INTO agent_results (tenant_id, assessment_id, node, status, created_at,"
                " schema_version, doc) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (tenant_id, assessment_id, node) DO UPDATE SET"
                " status = excluded.status, created_at = excluded.created_at,"
                " schema_version = excluded.schema_version, doc = excluded.doc",
                params,
            )
        )

    async def list(self, tenant_id: str, assessment_id: str) -> list[AgentResult]:
        rows = await self._db.read(
            lambda conn: conn.execute(
                "SELECT doc FROM agent_results WHERE tenant_id = ? AND assessment_id = ?"
                " ORDER BY rowid",
                (tenant_id, assessment_id),
            ).fetchall()
        )
        return [AgentResult.model_validate_json(doc) for (doc,) in rows]

    async def get(self, tenant_id: str, assessment_id: str, node: str) -> AgentResult:
        row = await self._db.read(
            lambda conn: conn.execute(
                "SELECT doc FROM agent_results"
                " WHERE tenant_id = ? AND assessment_id = ? AND node = ?",
                (tenant_id, assessment_id, node),
            ).fetchone()
        )
        if row is None:
            raise NotFound("agent result", f"{assessment_id}/{node}")
        return AgentResult.model_validate_json(row[0])

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        await self._db.write(
            lambda conn: conn.execute(
                "DELETE FROM agent_results WHERE tenant_id = ? AND assessment_id = ?",
                (tenant_id, assessment_id),
            )
        )

    async def counts(self, tenant_id: str, since: datetime) -> AgentRunCounts:
        rows = await self._db.read(
            lambda conn: conn.execute(
                "SELECT status, COUNT(*), SUM(json_extract(doc, '$.attempts')) FROM agent_results"
                " WHERE tenant_id = ? AND created_at >= ? GROUP BY status",
                (tenant_id, time_key(since)),
            ).fetchall()
        )
        return AgentRunCounts(
            by_status={status: int(n) for status, n, _ in rows},
            attempts=sum(int(a or 0) for _, _, a in rows),
        )
