"""One set of repositories per backend; every contract test runs against each."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
    InMemoryRecommendationRepository,
)
from infra_mind.adapters.mongo import (
    MongoAgentResultRepository,
    MongoAssessmentRepository,
    MongoRecommendationRepository,
    MongoSettings,
    open_mongo_database,
)
from infra_mind.adapters.sqlite import (
    SqliteAgentResultRepository,
    SqliteAssessmentRepository,
    SqliteRecommendationRepository,
    open_sqlite,
)
from infra_mind.ports.repositories import (
    AgentResultRepository,
    AssessmentRepository,
    RecommendationRepository,
)
from tests.mongo_server import fresh_database_name

BACKENDS = ("memory", "sqlite", "mongo")


@dataclass
class Stores:
    backend: str
    assessments: AssessmentRepository
    results: AgentResultRepository
    recommendations: RecommendationRepository
    handle: Any = None


@pytest.fixture
def tenant() -> str:
    return f"tenant-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def other_tenant() -> str:
    return f"other-{uuid.uuid4().hex[:8]}"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def mongo_settings(backend: str, request: pytest.FixtureRequest) -> MongoSettings | None:
    """Settings for a fresh database, only on the mongo run (memory and sqlite runs
    never start the server)."""
    if backend != "mongo":
        return None
    url: str = request.getfixturevalue("mongo_url")
    return MongoSettings(url=url, database=fresh_database_name())


@asynccontextmanager
async def mongo_stores(settings: MongoSettings) -> AsyncIterator[Stores]:
    async with open_mongo_database(settings) as database:
        try:
            yield Stores(
                "mongo",
                MongoAssessmentRepository(database),
                MongoAgentResultRepository(database),
                MongoRecommendationRepository(database),
                database,
            )
        finally:
            await database.client.drop_database(settings.database)


@pytest.fixture
async def stores(
    backend: str, mongo_settings: MongoSettings | None, tmp_path: Path
) -> AsyncIterator[Stores]:
    if backend == "memory":
        yield Stores(
            backend,
            InMemoryAssessmentRepository(),
            InMemoryAgentResultRepository(),
            InMemoryRecommendationRepository(),
        )
    elif backend == "sqlite":
        async with open_sqlite(tmp_path / "data" / "infra-mind.db") as db:
            yield Stores(
                backend,
                SqliteAssessmentRepository(db),
                SqliteAgentResultRepository(db),
                SqliteRecommendationRepository(db),
                db,
            )
    else:
        assert mongo_settings is not None
        async with mongo_stores(mongo_settings) as found:
            yield found
