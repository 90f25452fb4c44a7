"""One SQLite connection shared by the repositories, run off the event loop behind a lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import anyio.to_thread

from infra_mind.adapters.sqlite.schema import migrate
from infra_mind.domain.errors import StorageUnavailable

T = TypeVar("T")

# Errors that mean "the file cannot be used right now", not "this code is wrong".
_UNAVAILABLE = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_PROTOCOL",
    "SQLITE_NOTADB",
    "SQLITE_CORRUPT",
)


def _unavailable(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_UNAVAILABLE)


class SqliteDatabase:
    """The store's connection. Work runs in a worker thread, one call at a time.

    ``read`` runs a function on the connection; ``write`` runs it inside
    ``BEGIN IMMEDIATE … COMMIT`` so each repository call is one atomic
    transaction (rolled back on any error). Locked, missing or broken files
    raise StorageUnavailable.
    """

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._conn = connection
        self._lock = threading.Lock()
        self.path = path

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await anyio.to_thread.run_sync(self._run, work, False)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await anyio.to_thread.run_sync(self._run, work, True)

    async def ping(self) -> None:
        """Readiness: raises StorageUnavailable when the file cannot be read."""
        await self.read(lambda conn: conn.execute("SELECT 1").fetchone())

    def _run(self, work: Callable[[sqlite3.Connection], T], transaction: bool) -> T:
        with self._lock:
            try:
                if not transaction:
                    return work(self._conn)
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(self._conn)
                except BaseException:
                    self._conn.rollback()
                    raise
                self._conn.commit()
                return result
            except sqlite3.ProgrammingError as exc:
                if "closed" in str(exc):
                    raise StorageUnavailable(f"sqlite {self.path}: connection closed") from exc
                raise
            except sqlite3.Error as exc:
                if _unavailable(exc):
                    raise StorageUnavailable(f"sqlite {self.path}: {exc}") from exc
                raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in write()).
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


@asynccontextmanager
async def open_sqlite(path: str | Path) -> AsyncIterator[SqliteDatabase]:
    """Open (creating if needed) the database file, bring its schema up to date,
    and close it on exit. Safe to call on an existing file: migration is idempotent."""
    location = str(path)
    try:
        conn = await anyio.to_thread.run_sync(_connect, location)
    except sqlite3.Error as exc:
        raise StorageUnavailable(f"sqlite {location}: {exc}") from exc
    database = SqliteDatabase(conn, location)
    try:
        await database.write(migrate)
        yield database
    finally:
        await anyio.to_thread.run_sync(database.close)
