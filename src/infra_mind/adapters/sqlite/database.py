"""One SQLite connection shared by the repositories, run off the event loop behind a lock."""

from __future__ import annotations

import os
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


# Errors after which this connection is not trusted again: it is reopened on next use.
_BROKEN = ("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_NOTADB", "SQLITE_CORRUPT")


def _unavailable(exc: sqlite3.Error, kinds: tuple[str, ...] = _UNAVAILABLE) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(kinds)


class SqliteDatabase:
    """The store's connection. Work runs in a worker thread, one call at a time.

    ``read`` runs a function on the connection; ``write`` runs it inside
    ``BEGIN IMMEDIATE … COMMIT`` so each repository call is one atomic
    transaction (rolled back on any error). Locked, missing or broken files
    raise StorageUnavailable. A lock held by another process is waited for up to
    ``busy_timeout_s``; a connection lost to an I/O error is reopened on the next
    call, so the store recovers without a restart.
    """

    def __init__(
        self, connection: sqlite3.Connection, path: str, busy_timeout_s: float = 5.0
    ) -> None:
        self._conn: sqlite3.Connection | None = connection
        self._lock = threading.Lock()
        self._closed = False
        self.path = path
        self.busy_timeout_s = busy_timeout_s

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await anyio.to_thread.run_sync(self._run, work, False)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await anyio.to_thread.run_sync(self._run, work, True)

    async def ping(self) -> None:
        """Readiness: raises StorageUnavailable when the file cannot be read."""
        await self.read(lambda conn: conn.execute("SELECT 1").fetchone())

    async def round_trip(self) -> None:
        """Readiness: a read and a write transaction (the write lock taken and
        released), as a request does; raises StorageUnavailable when either fails."""
        await self.ping()
        await self.write(lambda conn: conn.execute("PRAGMA user_version").fetchone())

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise StorageUnavailable(f"sqlite {self.path}: connection closed")
        if self._conn is None:
            self._conn = _connect(self.path, self.busy_timeout_s)
        return self._conn

    def _run(self, work: Callable[[sqlite3.Connection], T], transaction: bool) -> T:
        with self._lock:
            try:
                conn = self._connection()
                if not transaction:
                    return work(conn)
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(conn)
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
                return result
            except sqlite3.ProgrammingError as exc:
                if "closed" in str(exc):
                    self._conn = None  # closed under us: reopened on the next call
                    raise StorageUnavailable(f"sqlite {self.path}: connection closed") from exc
                raise
            except sqlite3.Error as exc:
                if _unavailable(exc, _BROKEN):
                    self._drop()
                if _unavailable(exc):
                    raise StorageUnavailable(f"sqlite {self.path}: {exc}") from exc
                raise

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()


def _connect(path: str, busy_timeout_s: float = 5.0) -> sqlite3.Connection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Created owner-only (0600) before SQLite opens it: assessments, keys' hashes
        # and the audit log are nobody else's to read. SQLite gives its -wal and -shm
        # files the database file's permissions.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in write()).
    conn = sqlite3.connect(
        path, check_same_thread=False, isolation_level=None, timeout=busy_timeout_s
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


@asynccontextmanager
async def open_sqlite(
    path: str | Path, busy_timeout_s: float = 5.0
) -> AsyncIterator[SqliteDatabase]:
    """Open (creating if needed) the database file, bring its schema up to date,
    and close it on exit. Safe to call on an existing file: migration is idempotent."""
    location = str(path)
    try:
        conn = await anyio.to_thread.run_sync(_connect, location, busy_timeout_s)
    except sqlite3.Error as exc:
        raise StorageUnavailable(f"sqlite {location}: {exc}") from exc
    database = SqliteDatabase(conn, location, busy_timeout_s)
    try:
        await database.write(migrate)
        yield database
    finally:
        await anyio.to_thread.run_sync(database.close)
