"""What only the MongoDB adapter promises: bounded commands, indexes, migration, failures."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import pytest
from pydantic import ValidationError
from pymongo import monitoring

from infra_mind.adapters.mongo import (
    SCHEMA_VERSION,
    MongoAgentResultRepository,
    MongoAssessmentRepository,
    MongoRecommendationRepository,
    MongoSettings,
    ensure_indexes,
    open_mongo_database,
)
from infra_mind.adapters.mongo.indexes import ASSESSMENTS, INDEXES, META, RECOMMENDATIONS
from infra_mind.adapters.mongo.migrate import migrate
from infra_mind.domain.errors import ConcurrencyConflict, StorageUnavailable
from tests.adapters.storage.builders import assessment, bundle, new_id, result
from tests.mongo_server import fresh_database_name, mongoeco_server

pytestmark = pytest.mark.anyio


class CommandCounter(monitoring.CommandListener):
    def __init__(self) -> None:
        self.commands: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.commands.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        self.commands.clear()
        yield self.commands


@pytest.fixture
def settings(mongo_url: str) -> MongoSettings:
    return MongoSettings(url=mongo_url, database=fresh_database_name(), appname="contract-tests")


async def test_reading_bundles_takes_the_same_few_commands_for_1_10_and_100(
    settings: MongoSettings,
) -> None:
    counter = CommandCounter()
    async with open_mongo_database(settings, event_listeners=[counter]) as database:
        repo = MongoRecommendationRepository(database)
        counts: dict[int, list[str]] = {}
        for size in (1, 10, 100):
            assessment_id = new_id("a")
            bundles = [bundle("t1", assessment_id, rank) for rank in range(1, size + 1)]
            await repo.replace_for("t1", assessment_id, bundles)
            with counter.counting() as commands:
                read = await repo.list_bundles("t1", assessment_id)
            assert bundles == read
            counts[size] = list(commands)
        await database.client.drop_database(settings.database)

    print("commands per list_bundles:", {n: len(c) for n, c in counts.items()}, counts)
    assert counts[1] == counts[10] == counts[100]
    assert len(counts[1]) <= 3


async def test_ensure_indexes_creates_every_index_and_is_idempotent(
    settings: MongoSettings,
) -> None:
    async with open_mongo_database(settings) as database:
        first = await ensure_indexes(database.db)
        again = await ensure_indexes(database.db)
        info = await database.db[ASSESSMENTS].index_information()
        rec_info = await database.db[RECOMMENDATIONS].index_information()
        await database.client.drop_database(settings.database)

    expected = [model.document["name"] for models in INDEXES.values() for model in models]
    assert expected == first == again
    assert info["assessments_tenant_id"].get("unique") is True
    assert info["assessments_tenant_status_created"]["key"] == [
        ("tenant_id", 1),
        ("status", 1),
        ("created_at", -1),
        ("id", -1),
    ]
    assert rec_info["recommendations_tenant_id"].get("unique") is True


async def test_migrate_stamps_old_documents_and_running_it_again_changes_nothing(
    settings: MongoSettings,
) -> None:
    async with open_mongo_database(settings) as database:
        db = database.db
        await db[ASSESSMENTS].insert_one({"tenant_id": "t", "id": "legacy", "version": 1})
        first = await migrate(db)
        second = await migrate(db)
        legacy = await db[ASSESSMENTS].find_one({"id": "legacy"})
        meta = await db[META].find_one({"_id": "schema"})
        await database.client.drop_database(settings.database)

    assert (first, second) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert legacy is not None
    assert legacy["schema_version"] == 1
    assert meta == {"_id": "schema", "version": SCHEMA_VERSION}


async def test_stored_documents_carry_tenant_and_schema_version(
    settings: MongoSettings,
) -> None:
    async with open_mongo_database(settings) as database:
        added = await MongoAssessmentRepository(database).add(assessment("t9"))
        await MongoAgentResultRepository(database).save(result("t9", added.id, "cto"))
        await MongoRecommendationRepository(database).replace_for(
            "t9", added.id, [bundle("t9", added.id, 1)]
        )
        names = await database.db.list_collection_names()
        documents = [
            doc
            for name in names
            if name != META
            for doc in await database.db[name].find({}).to_list()
        ]
        await database.client.drop_database(settings.database)

    assert len(documents) == 6
    assert all(d["tenant_id"] == "t9" and d["schema_version"] == 1 for d in documents)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def test_an_unreachable_server_raises_storage_unavailable_everywhere() -> None:
    settings = MongoSettings(
        url=f"mongodb://127.0.0.1:{_closed_port()}/?directConnection=true",
        server_selection_timeout_ms=150,
    )
    async with open_mongo_database(settings) as database:
        assessments = MongoAssessmentRepository(database)
        results = MongoAgentResultRepository(database)
        recommendations = MongoRecommendationRepository(database)
        calls = [
            database.ping(),
            assessments.add(assessment("t")),
            assessments.get("t", "a"),
            assessments.list("t"),
            results.list("t", "a"),
            recommendations.list_bundles("t", "a"),
        ]
        for call in calls:
            with pytest.raises(StorageUnavailable):
                await call


async def test_the_store_recovers_by_itself_when_the_server_comes_back() -> None:
    port = _closed_port()
    settings = MongoSettings(
        url=f"mongodb://127.0.0.1:{port}/?directConnection=true",
        server_selection_timeout_ms=300,
    )
    async with open_mongo_database(settings) as database:
        repo = MongoAssessmentRepository(database)
        with pytest.raises(StorageUnavailable):
            await repo.add(assessment("t"))

        with mongoeco_server(port):
            # The driver re-checks a down server at most every 500 ms: allow it a few tries.
            for _ in range(20):
                try:
                    await database.ping()
                    break
                except StorageUnavailable:
                    await anyio.sleep(0.25)
            added = await repo.add(assessment("t"))
            assert added == await repo.get("t", added.id)
            with pytest.raises(ConcurrencyConflict):  # the unique index exists now
                await repo.add(added)


async def test_ping_answers_when_the_server_is_up(settings: MongoSettings) -> None:
    async with open_mongo_database(settings) as database:
        await database.ping()


@pytest.mark.parametrize(
    "bad",
    [
        {"url": "http://example.com"},
        {"write_concern": "most"},
        {"min_pool_size": 10, "max_pool_size": 5},
        {"database": "has/slash"},
        {"read_concern": "eventual"},
    ],
)
def test_settings_refuse_values_that_cannot_work(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        MongoSettings.model_validate(bad)


def test_settings_read_a_numeric_write_concern_as_a_member_count() -> None:
    assert MongoSettings(write_concern="2").write_concern_w() == 2
