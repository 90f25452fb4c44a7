"""MongoDB repositories on PyMongo's async API: the scale-out store.

Names are imported on first use, so reading ``MongoSettings`` (config does, for
every backend) does not load the driver. The ``migrate`` function lives in the
``migrate`` module (a package attribute of that name would be the module).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infra_mind.adapters.mongo.approvals import MongoApprovalRepository
    from infra_mind.adapters.mongo.assessments import MongoAssessmentRepository
    from infra_mind.adapters.mongo.client import (
        MongoDatabase,
        open_mongo_client,
        open_mongo_database,
        unavailable_on_connection_error,
    )
    from infra_mind.adapters.mongo.idempotency import MongoIdempotencyStore
    from infra_mind.adapters.mongo.indexes import ensure_indexes
    from infra_mind.adapters.mongo.migrate import SCHEMA_VERSION, migrate_storage
    from infra_mind.adapters.mongo.recommendations import MongoRecommendationRepository
    from infra_mind.adapters.mongo.results import MongoAgentResultRepository
    from infra_mind.adapters.mongo.settings import MongoSettings
    from infra_mind.adapters.mongo.usage import MongoUsageLedger

_HOME = {
    "MongoApprovalRepository": "approvals",
    "MongoIdempotencyStore": "idempotency",
    "MongoAssessmentRepository": "assessments",
    "MongoDatabase": "client",
    "open_mongo_client": "client",
    "open_mongo_database": "client",
    "unavailable_on_connection_error": "client",
    "ensure_indexes": "indexes",
    "SCHEMA_VERSION": "migrate",
    "migrate_storage": "migrate",
    "MongoRecommendationRepository": "recommendations",
    "MongoAgentResultRepository": "results",
    "MongoSettings": "settings",
    "MongoUsageLedger": "usage",
}

__all__ = [
    "SCHEMA_VERSION",
    "MongoAgentResultRepository",
    "MongoApprovalRepository",
    "MongoAssessmentRepository",
    "MongoDatabase",
    "MongoIdempotencyStore",
    "MongoRecommendationRepository",
    "MongoSettings",
    "MongoUsageLedger",
    "ensure_indexes",
    "migrate_storage",
    "open_mongo_client",
    "open_mongo_database",
    "unavailable_on_connection_error",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(name)
