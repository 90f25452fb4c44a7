"""What only the SQLite adapter promises: a persistent file, idempotent schema, failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from infra_mind.adapters.sqlite import (
    SCHEMA_VERSION,
    SqliteAssessmentRepository,
    SqliteRecommendationRepository,
    open_sqlite,
)
from infra_mind.adapters.sqlite.schema import migrate
from infra_mind.domain.errors import StorageUnavailable
from tests.adapters.storage.builders import assessment, bundle

pytestmark = pytest.mark.anyio


async def test_data_survives_closing_and_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "infra-mind.db"
    async with open_sqlite(path) as db:
        added = await SqliteAssessmentRepository(db).add(assessment("t"))
        bundles = [bundle("t", added.id, 1)]
        await SqliteRecommendationRepository(db).replace_for("t", added.id, bundles)

    async with open_sqlite(path) as db:
        assert added == await SqliteAssessmentRepository(db).get("t", added.id)
        assert bundles == await SqliteRecommendationRepository(db).list_bundles("t", added.id)


async def test_opening_twice_keeps_one_schema_version_row_and_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "infra-mind.db"
    async with open_sqlite(path):
        pass
    async with open_sqlite(path) as db:
        versions = await db.read(
            lambda c: c.execute("SELECT version FROM schema_version").fetchall()
        )
        mode = await db.read(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0])
        again = await db.write(migrate)

    assert [(v,) for v in range(1, SCHEMA_VERSION + 1)] == versions
    assert (mode, again) == ("wal", SCHEMA_VERSION)


async def test_a_file_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "infra-mind.db"
    async with open_sqlite(path) as db:
        await db.write(
            lambda c: c.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
        )

    with pytest.raises(StorageUnavailable, match="newer"):
        async with open_sqlite(path):
            pass


async def test_a_file_that_is_not_a_database_raises_storage_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "infra-mind.db"
    path.write_bytes(b"this is not sqlite, " * 100)

    with pytest.raises(StorageUnavailable):
        async with open_sqlite(path):
            pass


async def test_a_write_locked_by_another_process_raises_storage_unavailable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "infra-mind.db"
    async with open_sqlite(path) as db:
        await db.read(lambda c: c.execute("PRAGMA busy_timeout=50"))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StorageUnavailable):
                await SqliteAssessmentRepository(db).add(assessment("t"))
        finally:
            other.rollback()
            other.close()


async def test_ping_answers_on_an_open_file(tmp_path: Path) -> None:
    async with open_sqlite(tmp_path / "infra-mind.db") as db:
        await db.ping()


async def test_a_write_lock_held_by_another_process_is_unavailable_within_the_busy_timeout(
    tmp_path: Path,
) -> None:
    path = tmp_path / "infra-mind.db"
    async with open_sqlite(path, busy_timeout_s=0.2) as db:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StorageUnavailable, match="locked"):
                await db.round_trip()
        finally:
            other.execute("COMMIT")
            other.close()
        await db.round_trip()  # the same connection, usable again


async def test_a_connection_closed_under_the_store_is_reopened_on_the_next_call(
    tmp_path: Path,
) -> None:
    async with open_sqlite(tmp_path / "infra-mind.db") as db:
        added = await SqliteAssessmentRepository(db).add(assessment("t"))
        db._conn.close()  # type: ignore[union-attr]  # what a lost file handle looks like
        with pytest.raises(StorageUnavailable):
            await db.ping()

        assert added == await SqliteAssessmentRepository(db).get("t", added.id)


async def test_the_database_file_is_created_owner_only(tmp_path: Path) -> None:
    async with open_sqlite(tmp_path / "private" / "infra-mind.db"):
        mode = (tmp_path / "private" / "infra-mind.db").stat().st_mode & 0o777
    assert mode == 0o600
