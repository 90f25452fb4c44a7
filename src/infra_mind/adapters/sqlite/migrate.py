"""The SQLite half of ``infra-mind db migrate``."""

from __future__ import annotations

from infra_mind.adapters.sqlite.database import SqliteDatabase
from infra_mind.adapters.sqlite.schema import migrate


async def migrate_storage(database: SqliteDatabase) -> int:
    """Apply pending schema migrations (idempotent); returns the schema version.
    ``open_sqlite`` already does this on open; the command makes it explicit."""
    return await database.write(migrate)
