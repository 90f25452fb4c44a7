"""IdempotencyStore contract: the same tests against memory, SQLite and MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import pytest

from infra_mind.adapters.memory.approvals import InMemoryIdempotencyStore
from infra_mind.adapters.mongo import MongoIdempotencyStore, MongoSettings, open_mongo_database
from infra_mind.adapters.sqlite import open_sqlite
from infra_mind.adapters.sqlite.approvals import SqliteIdempotencyStore
from infra_mind.ports.idempotency import IdempotencyRecord, IdempotencyStore
from tests.adapters.storage.builders import new_id

pytestmark = pytest.mark.anyio
TTL_S = 3600.0
# Keys are made now: MongoDB's TTL index removes documents by the wall clock.
NOW = datetime.now(UTC)


@pytest.fixture
async def keys(
    backend: str, mongo_settings: MongoSettings | None, tmp_path: Path
) -> AsyncIterator[IdempotencyStore]:
    if backend == "memory":
        yield InMemoryIdempotencyStore(ttl_s=TTL_S)
    elif backend == "sqlite":
        async with open_sqlite(tmp_path / "infra-mind.db") as db:
            yield SqliteIdempotencyStore(db, ttl_s=TTL_S)
    else:
        assert mongo_settings is not None
        async with open_mongo_database(mongo_settings) as database:
            yield MongoIdempotencyStore(database, ttl_s=TTL_S)
            await database.client.drop_database(mongo_settings.database)


def record(tenant_id: str, key: str, *, seconds: float = 0, body: str = "a") -> IdempotencyRecord:
    return IdempotencyRecord(
        tenant_id=tenant_id,
        key=key,
        fingerprint=f"sha-{body}",
        resource_id=new_id("a"),
        created_at=NOW + timedelta(seconds=seconds),
    )


async def test_implements_the_port(keys: IdempotencyStore) -> None:
    assert isinstance(keys, IdempotencyStore)


async def test_a_new_key_is_taken_by_its_record(keys: IdempotencyStore, tenant: str) -> None:
    first = record(tenant, "k1")

    assert first == await keys.reserve(first)


async def test_the_first_writer_wins_and_later_writers_get_its_record(
    keys: IdempotencyStore, tenant: str
) -> None:
    first = record(tenant, "k1")
    await keys.reserve(first)

    assert first == await keys.reserve(record(tenant, "k1", seconds=5, body="b"))


async def test_concurrent_reservations_agree_on_one_record(
    keys: IdempotencyStore, tenant: str
) -> None:
    attempts = [record(tenant, "race", body=str(n)) for n in range(8)]
    answers: list[IdempotencyRecord] = []

    async def reserve(r: IdempotencyRecord) -> None:
        answers.append(await keys.reserve(r))

    async with anyio.create_task_group() as tg:
        for attempt in attempts:
            tg.start_soon(reserve, attempt)

    assert len({a.resource_id for a in answers}) == 1
    assert answers[0] in attempts


async def test_a_key_expires_after_the_ttl(keys: IdempotencyStore, tenant: str) -> None:
    await keys.reserve(record(tenant, "k1"))
    still = await keys.reserve(record(tenant, "k1", seconds=TTL_S - 1, body="b"))
    renewed = record(tenant, "k1", seconds=TTL_S, body="c")

    assert still.fingerprint == "sha-a"
    assert renewed == await keys.reserve(renewed)
    assert renewed == await keys.reserve(record(tenant, "k1", seconds=TTL_S + 1, body="d"))


async def test_keys_are_per_tenant(keys: IdempotencyStore, tenant: str, other_tenant: str) -> None:
    mine = record(tenant, "shared")
    theirs = record(other_tenant, "shared", body="b")
    await keys.reserve(mine)

    assert theirs == await keys.reserve(theirs)
    assert mine == await keys.reserve(record(tenant, "shared", body="c"))
