"""Storage sub-containers, one per backend, each exposing the same providers.

Every backend provides: assessments, results, recommendations, approvals,
idempotency, usage, tenants, api_keys, audit_log, migrate (a one-line report)
and ping (readiness: raises StorageUnavailable when the store cannot be reached).
"""

from __future__ import annotations

from pathlib import Path

from dependency_injector import containers, providers

from infra_mind.adapters.memory.approvals import (
    InMemoryApprovalRepository,
    InMemoryIdempotencyStore,
)
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
    InMemoryRecommendationRepository,
)
from infra_mind.adapters.memory.tenancy import (
    InMemoryApiKeyRepository,
    InMemoryAuditLog,
    InMemoryTenantRepository,
)
from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.adapters.sqlite.approvals import (
    SqliteApprovalRepository,
    SqliteIdempotencyStore,
)
from infra_mind.adapters.sqlite.assessments import SqliteAssessmentRepository
from infra_mind.adapters.sqlite.database import SqliteDatabase, open_sqlite
from infra_mind.adapters.sqlite.migrate import migrate_storage as migrate_sqlite
from infra_mind.adapters.sqlite.recommendations import SqliteRecommendationRepository
from infra_mind.adapters.sqlite.results import SqliteAgentResultRepository
from infra_mind.adapters.sqlite.tenancy import (
    SqliteApiKeyRepository,
    SqliteAuditLog,
    SqliteTenantRepository,
)
from infra_mind.adapters.sqlite.usage import SqliteUsageLedger
from infra_mind.config import Settings


# ``migrate`` (behind ``infra-mind db migrate``) says what it did in one line.
async def _nothing_to_migrate() -> str:
    return "memory storage: nothing to migrate"


async def _migrate_sqlite(database: SqliteDatabase) -> str:
    return f"sqlite {database.path}: schema version {await migrate_sqlite(database)}"


async def _always_ready() -> None:
    return None


async def _ping(database: SqliteDatabase) -> None:
    await database.round_trip()


class MemoryStorage(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    assessments = providers.Singleton(InMemoryAssessmentRepository)
    results = providers.Singleton(InMemoryAgentResultRepository)
    recommendations = providers.Singleton(InMemoryRecommendationRepository)
    approvals = providers.Singleton(InMemoryApprovalRepository)
    idempotency = providers.Singleton(
        InMemoryIdempotencyStore, ttl_s=settings.provided.storage.idempotency_ttl_s
    )
    usage = providers.Singleton(InMemoryUsageLedger)
    tenants = providers.Singleton(InMemoryTenantRepository)
    api_keys = providers.Singleton(InMemoryApiKeyRepository)
    audit_log = providers.Singleton(InMemoryAuditLog)
    migrate = providers.Coroutine(_nothing_to_migrate)
    ping = providers.Coroutine(_always_ready)


def sqlite_path(settings: Settings) -> Path:
    """``INFRA_MIND_STORAGE__SQLITE_FILE`` under ``INFRA_MIND_DATA_DIR`` (absolute paths win)."""
    return settings.data_dir / settings.storage.sqlite_file


class SqliteStorage(containers.DeclarativeContainer):
    """The embedded default: one file, schema migrated when the resource opens."""

    settings = providers.Dependency(instance_of=Settings)
    database = providers.Resource(
        open_sqlite,
        providers.Callable(sqlite_path, settings),
        settings.provided.storage.sqlite_busy_timeout_s,
    )
    assessments = providers.Singleton(SqliteAssessmentRepository, database)
    results = providers.Singleton(SqliteAgentResultRepository, database)
    recommendations = providers.Singleton(SqliteRecommendationRepository, database)
    approvals = providers.Singleton(SqliteApprovalRepository, database)
    idempotency = providers.Singleton(
        SqliteIdempotencyStore, database, ttl_s=settings.provided.storage.idempotency_ttl_s
    )
    usage = providers.Singleton(SqliteUsageLedger, providers.Callable(sqlite_path, settings))
    tenants = providers.Singleton(SqliteTenantRepository, database)
    api_keys = providers.Singleton(SqliteApiKeyRepository, database)
    audit_log = providers.Singleton(SqliteAuditLog, database)
    migrate = providers.Coroutine(_migrate_sqlite, database)
    ping = providers.Coroutine(_ping, database)


def storage_for(settings: Settings) -> containers.DeclarativeContainer:
    """The chosen backend's sub-container; MongoDB's driver is imported only when chosen."""
    backend = settings.storage.backend
    if backend == "mongo":
        from infra_mind.container.storage_mongo import MongoStorage

        return MongoStorage(settings=settings)
    chosen = MemoryStorage if backend == "memory" else SqliteStorage
    return chosen(settings=settings)
