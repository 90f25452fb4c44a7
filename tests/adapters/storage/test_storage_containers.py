"""The storage sub-containers: each backend's providers work once its resources start."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from infra_mind.config import load_settings
from infra_mind.container.storage import storage_for
from infra_mind.ports.approvals import ApprovalRepository
from infra_mind.ports.idempotency import IdempotencyStore
from infra_mind.ports.repositories import (
    AgentResultRepository,
    AssessmentRepository,
    RecommendationRepository,
)
from infra_mind.ports.usage import UsageLedger
from tests.adapters.storage.builders import assessment
from tests.mongo_server import fresh_database_name

pytestmark = pytest.mark.anyio


async def _value(provider: Any) -> Any:
    value = provider()
    return await value if inspect.isawaitable(value) else value


async def _round_trip(overrides: dict[str, Any]) -> None:
    settings = load_settings(**overrides)
    storage = storage_for(settings)
    started = storage.init_resources()
    if inspect.isawaitable(started):
        await started
    try:
        assessments = await _value(storage.assessments)
        assert isinstance(assessments, AssessmentRepository)
        assert isinstance(await _value(storage.results), AgentResultRepository)
        assert isinstance(await _value(storage.recommendations), RecommendationRepository)
        assert isinstance(await _value(storage.usage), UsageLedger)
        assert isinstance(await _value(storage.approvals), ApprovalRepository)
        assert isinstance(await _value(storage.idempotency), IdempotencyStore)
        assert await _value(storage.ping) is None
        added = await assessments.add(assessment("t"))
        assert added == await (await _value(storage.assessments)).get("t", added.id)
        migrated = await _value(storage.migrate)
        assert migrated == await _value(storage.migrate)  # idempotent, same report
        assert settings.storage.backend in migrated
        if settings.storage.backend == "mongo":
            database = await _value(storage.database)
            await database.client.drop_database(settings.mongo.database)
    finally:
        stopped = storage.shutdown_resources()
        if inspect.isawaitable(stopped):
            await stopped


async def test_sqlite_storage_keeps_its_file_under_the_data_dir(tmp_path: Path) -> None:
    await _round_trip({"data_dir": tmp_path, "storage": {"backend": "sqlite"}})

    assert (tmp_path / "infra-mind.db").is_file()


async def test_mongo_storage_opens_the_configured_database(mongo_url: str) -> None:
    name = fresh_database_name()
    await _round_trip(
        {"storage": {"backend": "mongo"}, "mongo": {"url": mongo_url, "database": name}}
    )


async def test_memory_storage_needs_no_resources() -> None:
    await _round_trip({"storage": {"backend": "memory"}})


def test_mongo_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFRA_MIND_MONGO__URL", "mongodb+srv://cluster.example.net")
    monkeypatch.setenv("INFRA_MIND_MONGO__MAX_POOL_SIZE", "7")
    monkeypatch.setenv("INFRA_MIND_MONGO__WRITE_CONCERN", "1")

    mongo = load_settings().mongo

    assert (mongo.url, mongo.max_pool_size, mongo.write_concern_w()) == (
        "mongodb+srv://cluster.example.net",
        7,
        1,
    )
