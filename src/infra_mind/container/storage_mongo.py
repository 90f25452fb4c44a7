"""MongoDB storage sub-container (imported only when the mongo backend is chosen)."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.mongo.approvals import MongoApprovalRepository
from infra_mind.adapters.mongo.assessments import MongoAssessmentRepository
from infra_mind.adapters.mongo.client import MongoDatabase, open_mongo_database
from infra_mind.adapters.mongo.idempotency import MongoIdempotencyStore
from infra_mind.adapters.mongo.migrate import migrate_storage as migrate_mongo
from infra_mind.adapters.mongo.recommendations import MongoRecommendationRepository
from infra_mind.adapters.mongo.results import MongoAgentResultRepository
from infra_mind.adapters.mongo.tenancy import (
    MongoApiKeyRepository,
    MongoAuditLog,
    MongoTenantRepository,
)
from infra_mind.adapters.mongo.usage import MongoUsageLedger
from infra_mind.config import Settings


async def _migrate_mongo(database: MongoDatabase) -> str:
    version = await migrate_mongo(database)
    return f"mongo database {database.db.name}: indexes ensured, schema version {version}"


async def _ping(database: MongoDatabase) -> None:
    await database.ping()


class MongoStorage(containers.DeclarativeContainer):
    """Scale-out: one pooled client per container; indexes ensured at start-up."""

    settings = providers.Dependency(instance_of=Settings)
    database = providers.Resource(open_mongo_database, settings.provided.mongo)
    assessments = providers.Singleton(MongoAssessmentRepository, database)
    results = providers.Singleton(MongoAgentResultRepository, database)
    recommendations = providers.Singleton(MongoRecommendationRepository, database)
    approvals = providers.Singleton(MongoApprovalRepository, database)
    idempotency = providers.Singleton(
        MongoIdempotencyStore, database, ttl_s=settings.provided.storage.idempotency_ttl_s
    )
    usage = providers.Singleton(MongoUsageLedger, database)
    tenants = providers.Singleton(MongoTenantRepository, database)
    api_keys = providers.Singleton(MongoApiKeyRepository, database)
    audit_log = providers.Singleton(MongoAuditLog, database)
    migrate = providers.Coroutine(_migrate_mongo, database)
    ping = providers.Coroutine(_ping, database)
