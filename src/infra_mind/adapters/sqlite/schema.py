"""The SQLite schema as numbered, idempotent migrations, recorded in ``schema_version``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from infra_mind.domain.errors import StorageUnavailable

# Documents are stored whole as JSON in ``doc``; the other columns exist to be
# filtered, ordered or joined on. Times are fixed-width UTC text (time_key).
_V1: Sequence[str] = (
    """CREATE TABLE IF NOT EXISTS assessments (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        lease_expires_at TEXT,
        version INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
    )""",
    """CREATE INDEX IF NOT EXISTS assessments_tenant_status_created
        ON assessments (tenant_id, status, created_at, id)""",
    """CREATE INDEX IF NOT EXISTS assessments_tenant_created
        ON assessments (tenant_id, created_at, id)""",
    """CREATE INDEX IF NOT EXISTS assessments_recoverable
        ON assessments (status, lease_expires_at)""",
    """CREATE TABLE IF NOT EXISTS agent_results (
        tenant_id TEXT NOT NULL,
        assessment_id TEXT NOT NULL,
        node TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (tenant_id, assessment_id, node)
    )""",
    """CREATE TABLE IF NOT EXISTS recommendations (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        assessment_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        cost_estimate_id TEXT NOT NULL,
        compliance_assessment_id TEXT NOT NULL,
        implementation_plan_id TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
    )""",
    """CREATE INDEX IF NOT EXISTS recommendations_tenant_assessment_rank
        ON recommendations (tenant_id, assessment_id, rank)""",
    *(
        stmt
        for table in ("cost_estimates", "compliance_assessments", "implementation_plans")
        for stmt in (
            f"""CREATE TABLE IF NOT EXISTS {table} (
                tenant_id TEXT NOT NULL,
                id TEXT NOT NULL,
                assessment_id TEXT NOT NULL,
                recommendation_id TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                doc TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id)
            )""",
            f"""CREATE INDEX IF NOT EXISTS {table}_tenant_assessment
                ON {table} (tenant_id, assessment_id)""",
        )
    ),
)


def _apply(statements: Sequence[str]) -> Callable[[sqlite3.Connection], None]:
    def step(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return step


MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (_apply(_V1),)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the file has not seen yet; returns the resulting version.

    Run inside one transaction (``SqliteDatabase.write``), so a failed step leaves
    the file as it was; running it again is a no-op.
    """
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        # A newer release wrote this file; refusing beats corrupting it.
        raise StorageUnavailable(
            f"database schema {version} is newer than this release supports ({SCHEMA_VERSION})"
        )
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        step(conn)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
    return SCHEMA_VERSION
