"""SQLite usage ledger (stdlib sqlite3 on a worker thread): the embedded default."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import anyio

from infra_mind.domain.errors import StorageUnavailable
from infra_mind.domain.llm_usage import UsageRecord, month_of
from infra_mind.domain.usage import LlmUsageSummary

_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_usage (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id TEXT NOT NULL,
    assessment_id TEXT,
    agent TEXT,
    purpose TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    latency_ms REAL NOT NULL,
    cached INTEGER NOT NULL,
    at TEXT NOT NULL,
    month TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS llm_usage_tenant_month ON llm_usage (tenant_id, month);
CREATE INDEX IF NOT EXISTS llm_usage_tenant_assessment ON llm_usage (tenant_id, assessment_id);
"""
_COLUMNS = (
    "tenant_id, assessment_id, agent, purpose, provider, model, input_tokens, output_tokens, "
    "cost_usd, latency_ms, cached, at"
)


class _Lane:
    """One connection, opened on first use, used by one call at a time (on a worker thread)."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def run(self, sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._connection is None:
                connection = sqlite3.connect(self._path, timeout=10, check_same_thread=False)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.executescript(_SCHEMA)
                self._connection = connection
            with self._connection:
                return self._connection.execute(sql, args).fetchall()


class SqliteUsageLedger:
    """One row per call in table ``llm_usage`` of the database at ``path`` (created, with its
    table, on first use). Writes and reads have a connection each: a write waiting for the
    file's write lock (held by another process) must not hold up the reads quota checks and
    usage reports make, which WAL mode serves meanwhile."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._writes = _Lane(self._path)
        self._reads = _Lane(self._path)

    async def _run(self, sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
        return await self._on(self._reads, sql, args)

    async def _on(self, lane: _Lane, sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            return await anyio.to_thread.run_sync(lane.run, sql, args)
        except sqlite3.Error as exc:
            raise StorageUnavailable(f"sqlite usage ledger at {self._path}: {exc}") from exc

    async def record(self, record: UsageRecord) -> None:
        sql = f"INSERT INTO llm_usage ({_COLUMNS}, month) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"  # nosec B608 - _COLUMNS is a constant
        args = (
            record.tenant_id,
            record.assessment_id,
            record.agent,
            record.purpose,
            record.provider,
            record.model,
            record.input_tokens,
            record.output_tokens,
            record.cost_usd,
            record.latency_ms,
            int(record.cached),
            record.at.isoformat(),
            month_of(record.at),
        )
        await self._on(self._writes, sql, args)

    async def month_total_usd(self, tenant_id: str, month: str) -> float:
        sql = "SELECT COALESCE(SUM(cost_usd), 0) FROM llm_usage WHERE tenant_id = ? AND month = ?"
        rows = await self._run(sql, (tenant_id, month))
        return float(rows[0][0])

    async def month_summary(self, tenant_id: str, month: str) -> LlmUsageSummary:
        sql = (
            "SELECT COUNT(*), COALESCE(SUM(cached), 0), COALESCE(SUM(input_tokens), 0),"
            " COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0)"
            " FROM llm_usage WHERE tenant_id = ? AND month = ?"
        )
        ((calls, cached, tokens_in, tokens_out, cost),) = await self._run(sql, (tenant_id, month))
        return LlmUsageSummary(
            calls=calls,
            cached_calls=cached,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cost_usd=float(cost),
        )

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[UsageRecord]:
        sql = (
            f"SELECT {_COLUMNS} FROM llm_usage WHERE tenant_id = ? AND assessment_id = ? "  # nosec B608 - _COLUMNS is a constant
            "ORDER BY id"
        )
        rows = await self._run(sql, (tenant_id, assessment_id))
        names = [c.strip() for c in _COLUMNS.split(",")]
        records = []
        for row in rows:
            data = dict(zip(names, row, strict=True))
            data["cached"] = bool(data["cached"])
            data["at"] = datetime.fromisoformat(data["at"])
            records.append(UsageRecord.model_validate(data))
        return records
