"""The MongoDB client as an async context manager, and the database handle repositories share."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import anyio
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure
from pymongo.monitoring import CommandListener

from infra_mind.adapters.mongo.indexes import ensure_indexes
from infra_mind.adapters.mongo.settings import MongoSettings
from infra_mind.domain.errors import StorageUnavailable

log = logging.getLogger(__name__)

Document = dict[str, Any]


@contextmanager
def unavailable_on_connection_error() -> Iterator[None]:
    """Turns "cannot reach the server" (server selection timeout, lost or refused
    connection, pool wait timeout) into StorageUnavailable; other errors pass."""
    try:
        yield
    except ConnectionFailure as exc:
        raise StorageUnavailable(f"MongoDB unreachable: {_first_line(exc)}") from exc


def _first_line(exc: ConnectionFailure) -> str:
    # The driver appends its timeouts and whole topology description: the first
    # clause (which host, what failed) is the part a person can act on.
    text = str(exc)
    for cut in (" (configured timeouts", ", Timeout:"):
        text = text.split(cut, 1)[0]
    return text


@asynccontextmanager
async def open_mongo_client(
    settings: MongoSettings, *, event_listeners: Sequence[CommandListener] = ()
) -> AsyncIterator[AsyncMongoClient[Document]]:
    """A pooled client configured from ``settings``, closed on exit.

    Opening does not contact the server (the driver connects lazily), so a
    process can start while MongoDB is down and recover when it returns.
    """
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        settings.url,
        maxPoolSize=settings.max_pool_size,
        minPoolSize=settings.min_pool_size,
        maxIdleTimeMS=settings.max_idle_time_ms,
        serverSelectionTimeoutMS=settings.server_selection_timeout_ms,
        socketTimeoutMS=settings.socket_timeout_ms,
        connectTimeoutMS=settings.connect_timeout_ms,
        appname=settings.appname,
        w=settings.write_concern_w(),
        readConcernLevel=settings.read_concern,
        retryWrites=settings.retry_writes,
        tz_aware=True,
        event_listeners=list(event_listeners),
    )
    try:
        yield client
    finally:
        await client.close()


class MongoDatabase:
    """One database of one client, shared by the repositories.

    ``ready()`` ensures the indexes once per process before first use (retrying
    on later calls if the server was down), so the unique keys that identity
    depends on exist before anything is written.
    """

    def __init__(self, client: AsyncMongoClient[Document], name: str) -> None:
        self.client = client
        self.db: AsyncDatabase[Document] = client[name]
        self._indexed = False
        self._lock = anyio.Lock()

    async def ready(self) -> AsyncDatabase[Document]:
        if not self._indexed:
            async with self._lock:
                if not self._indexed:
                    with unavailable_on_connection_error():
                        await ensure_indexes(self.db)
                    self._indexed = True
        return self.db

    @property
    def transactions(self) -> bool:
        """Whether multi-document transactions are available (replica set or sharded)."""
        kind = self.client.topology_description.topology_type_name
        return kind in ("ReplicaSetWithPrimary", "Sharded")

    async def ping(self) -> None:
        """Readiness check: raises StorageUnavailable when the server cannot be reached."""
        with unavailable_on_connection_error():
            await self.db.command("ping")


@asynccontextmanager
async def open_mongo_database(
    settings: MongoSettings, *, event_listeners: Sequence[CommandListener] = ()
) -> AsyncIterator[MongoDatabase]:
    """The client and database handle for ``settings``; indexes are ensured at
    start-up when the server answers, and on first use otherwise."""
    async with open_mongo_client(settings, event_listeners=event_listeners) as client:
        database = MongoDatabase(client, settings.database)
        try:
            await database.ready()
        except StorageUnavailable as exc:
            log.info("MongoDB not reachable at start-up; will retry on first use: %s", exc)
        yield database
