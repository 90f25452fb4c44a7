"""Idempotent schema migration for the MongoDB store: indexes, then document upgrades."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from infra_mind.adapters.mongo.client import MongoDatabase, unavailable_on_connection_error
from infra_mind.adapters.mongo.indexes import INDEXES, META, ensure_indexes

Database = AsyncDatabase[dict[str, Any]]


async def _v1_stamp_schema_version(db: Database) -> None:
    # Documents written before schema_version existed are layout 1.
    for collection in INDEXES:
        await db[collection].update_many(
            {"schema_version": {"$exists": False}}, {"$set": {"schema_version": 1}}
        )


# Step n upgrades every document from layout n-1 to n. Each must be safe to
# run again (a crash between a step and recording it re-runs the step).
MIGRATIONS: Sequence[Callable[[Database], Awaitable[None]]] = (_v1_stamp_schema_version,)
SCHEMA_VERSION = len(MIGRATIONS)


async def migrate(db: Database) -> int:
    """Create missing indexes and apply the steps this database has not seen;
    returns the resulting schema version. Running it twice changes nothing."""
    await ensure_indexes(db)
    meta = db[META]
    state = await meta.find_one({"_id": "schema"})
    current = int(state["version"]) if state else 0
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        await step(db)
        await meta.update_one({"_id": "schema"}, {"$set": {"version": number}}, upsert=True)
    return max(current, SCHEMA_VERSION)


async def migrate_storage(database: MongoDatabase) -> int:
    """``migrate`` on the container's database handle, with unreachable mapped to
    StorageUnavailable (what ``infra-mind db migrate`` calls)."""
    with unavailable_on_connection_error():
        return await migrate(database.db)
