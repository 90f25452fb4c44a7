"""MongoDB repositories on PyMongo's async API: the scale-out store."""

from infra_mind.adapters.mongo.assessments import MongoAssessmentRepository
from infra_mind.adapters.mongo.client import (
    MongoDatabase,
    open_mongo_client,
    open_mongo_database,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import ensure_indexes
from infra_mind.adapters.mongo.migrate import SCHEMA_VERSION, migrate, migrate_storage
from infra_mind.adapters.mongo.recommendations import MongoRecommendationRepository
from infra_mind.adapters.mongo.results import MongoAgentResultRepository
from infra_mind.adapters.mongo.settings import MongoSettings
from infra_mind.adapters.mongo.usage import MongoUsageLedger

__all__ = [
    "SCHEMA_VERSION",
    "MongoAgentResultRepository",
    "MongoAssessmentRepository",
    "MongoDatabase",
    "MongoRecommendationRepository",
    "MongoSettings",
    "MongoUsageLedger",
    "ensure_indexes",
    "migrate",
    "migrate_storage",
    "open_mongo_client",
    "open_mongo_database",
    "unavailable_on_connection_error",
]
