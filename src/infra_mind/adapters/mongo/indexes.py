"""Collection names and the indexes the repositories' queries rely on."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

ASSESSMENTS = "assessments"
AGENT_RESULTS = "agent_results"
RECOMMENDATIONS = "recommendations"
COST_ESTIMATES = "cost_estimates"
COMPLIANCE_ASSESSMENTS = "compliance_assessments"
IMPLEMENTATION_PLANS = "implementation_plans"
LLM_USAGE = "llm_usage"
APPROVALS = "approvals"
IDEMPOTENCY_KEYS = "idempotency_keys"
META = "schema_meta"
TENANTS = "tenants"
API_KEYS = "api_keys"
AUDIT_LOG = "audit_log"

BUNDLE_DOCUMENTS = (COST_ESTIMATES, COMPLIANCE_ASSESSMENTS, IMPLEMENTATION_PLANS)


def _doc_indexes(collection: str) -> list[IndexModel]:
    return [
        # Identity, and the $lookup target when bundles are read back.
        IndexModel(
            [("tenant_id", ASCENDING), ("id", ASCENDING)],
            unique=True,
            name=f"{collection}_tenant_id",
        ),
        # replace_for / delete_for remove an assessment's documents.
        IndexModel(
            [("tenant_id", ASCENDING), ("assessment_id", ASCENDING)],
            name=f"{collection}_tenant_assessment",
        ),
    ]


INDEXES: dict[str, list[IndexModel]] = {
    ASSESSMENTS: [
        # Identity: an id is unique within its tenant; add() relies on it.
        IndexModel(
            [("tenant_id", ASCENDING), ("id", ASCENDING)], unique=True, name="assessments_tenant_id"
        ),
        # list(tenant, status=…) newest first, with the (created_at, id) cursor.
        IndexModel(
            [
                ("tenant_id", ASCENDING),
                ("status", ASCENDING),
                ("created_at", DESCENDING),
                ("id", DESCENDING),
            ],
            name="assessments_tenant_status_created",
        ),
        # list(tenant) without a status filter.
        IndexModel(
            [("tenant_id", ASCENDING), ("created_at", DESCENDING), ("id", DESCENDING)],
            name="assessments_tenant_created",
        ),
        # find_recoverable: queued, or running with an expired lease (system scope).
        IndexModel(
            [("status", ASCENDING), ("lease_expires_at", ASCENDING)], name="assessments_recoverable"
        ),
    ],
    AGENT_RESULTS: [
        # One checkpoint per node; save() upserts on it, list() reads by its prefix.
        IndexModel(
            [("tenant_id", ASCENDING), ("assessment_id", ASCENDING), ("node", ASCENDING)],
            unique=True,
            name="agent_results_tenant_assessment_node",
        ),
        # counts(tenant, since): a tenant's results of this month, for usage metering.
        IndexModel(
            [("tenant_id", ASCENDING), ("created_at", ASCENDING)],
            name="agent_results_tenant_created",
        ),
    ],
    RECOMMENDATIONS: [
        # Identity; get_bundle(tenant, id).
        IndexModel(
            [("tenant_id", ASCENDING), ("id", ASCENDING)],
            unique=True,
            name="recommendations_tenant_id",
        ),
        # list_bundles: an assessment's recommendations in rank order.
        IndexModel(
            [("tenant_id", ASCENDING), ("assessment_id", ASCENDING), ("rank", ASCENDING)],
            name="recommendations_tenant_assessment_rank",
        ),
    ],
    **{name: _doc_indexes(name) for name in BUNDLE_DOCUMENTS},
    LLM_USAGE: [
        # month_total_usd(tenant, month).
        IndexModel([("tenant_id", ASCENDING), ("month", ASCENDING)], name="llm_usage_tenant_month"),
        # list_for_assessment in write order.
        IndexModel(
            [("tenant_id", ASCENDING), ("assessment_id", ASCENDING), ("_id", ASCENDING)],
            name="llm_usage_tenant_assessment",
        ),
    ],
    APPROVALS: [
        # Identity: a decision is written once.
        IndexModel(
            [("tenant_id", ASCENDING), ("id", ASCENDING)], unique=True, name="approvals_tenant_id"
        ),
        # A recommendation's history, oldest first.
        IndexModel(
            [
                ("tenant_id", ASCENDING),
                ("recommendation_id", ASCENDING),
                ("decided_at", ASCENDING),
                ("id", ASCENDING),
            ],
            name="approvals_tenant_recommendation",
        ),
        # An assessment's history, and delete_for.
        IndexModel(
            [
                ("tenant_id", ASCENDING),
                ("assessment_id", ASCENDING),
                ("decided_at", ASCENDING),
                ("id", ASCENDING),
            ],
            name="approvals_tenant_assessment",
        ),
    ],
    IDEMPOTENCY_KEYS: [
        # First writer wins: a second insert of one (tenant, key) is refused.
        IndexModel(
            [("tenant_id", ASCENDING), ("key", ASCENDING)],
            unique=True,
            name="idempotency_keys_tenant_key",
        ),
        # The server removes a key once its expiry (a BSON date) has passed.
        IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="idempotency_keys_ttl"),
    ],
    TENANTS: [IndexModel([("id", ASCENDING)], unique=True, name="tenants_id")],
    API_KEYS: [
        # Authentication finds a key by its id alone (the lookup prefix).
        IndexModel([("id", ASCENDING)], unique=True, name="api_keys_id"),
        IndexModel(
            [("tenant_id", ASCENDING), ("created_at", ASCENDING), ("id", ASCENDING)],
            name="api_keys_tenant_created",
        ),
    ],
    AUDIT_LOG: [
        IndexModel(
            [("tenant_id", ASCENDING), ("at", DESCENDING), ("id", DESCENDING)],
            name="audit_log_tenant_at",
        ),
    ],
}


async def ensure_indexes(db: AsyncDatabase[dict[str, Any]]) -> list[str]:
    """Create every index that is missing; existing ones are left alone (idempotent).
    Returns the index names, collection by collection."""
    names: list[str] = []
    for collection, models in INDEXES.items():
        names += await db[collection].create_indexes(models)
    return names
