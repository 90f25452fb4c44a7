"""MongoDB recommendation repository: four collections, read back with one ``$lookup`` pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from infra_mind.adapters.bundles import checked_bundles
from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import (
    COMPLIANCE_ASSESSMENTS,
    COST_ESTIMATES,
    IMPLEMENTATION_PLANS,
    RECOMMENDATIONS,
)
from infra_mind.domain.errors import NotFound
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    CostEstimate,
    ImplementationPlan,
    Recommendation,
    RecommendationBundle,
)

DOC_SCHEMA_VERSION = 1
# (collection, field on the recommendation naming the document, key in the bundle)
_JOINS = (
    (COST_ESTIMATES, "cost_estimate_id", "cost"),
    (COMPLIANCE_ASSESSMENTS, "compliance_assessment_id", "compliance"),
    (IMPLEMENTATION_PLANS, "implementation_plan_id", "plan"),
)
# All bundles come back in the aggregate's first batch (up to 16 MiB): no getMore.
_BATCH = 10_000


def _bundles_pipeline(tenant_id: str, match: dict[str, Any]) -> list[dict[str, Any]]:
    """One aggregate: the recommendations, each joined to its three documents.
    The join matches the tenant as well as the id, so it never crosses tenants."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"tenant_id": tenant_id, **match}},
        {"$sort": {"rank": 1, "id": 1}},
    ]
    for collection, field, key in _JOINS:
        pipeline.append(
            {
                "$lookup": {
                    "from": collection,
                    "localField": field,
                    "foreignField": "id",
                    "pipeline": [
                        {"$match": {"tenant_id": tenant_id}},
                        {"$project": {"_id": 0, "doc": 1}},
                    ],
                    "as": key,
                }
            }
        )
    pipeline.append({"$project": {"_id": 0, "doc": 1, **{key: 1 for _, _, key in _JOINS}}})
    return pipeline


def _bundle(row: dict[str, Any]) -> RecommendationBundle | None:
    if not all(row[key] for _, _, key in _JOINS):
        return None  # a replace is half-way through (no transactions): not a bundle yet
    return RecommendationBundle(
        recommendation=Recommendation.model_validate(row["doc"]),
        cost=CostEstimate.model_validate(row["cost"][0]["doc"]),
        compliance=ComplianceAssessment.model_validate(row["compliance"][0]["doc"]),
        plan=ImplementationPlan.model_validate(row["plan"][0]["doc"]),
    )


def _documents(bundles: Sequence[RecommendationBundle]) -> dict[str, list[dict[str, Any]]]:
    def stored(model: Any, **extra: Any) -> dict[str, Any]:
        return {
            "tenant_id": model.tenant_id,
            "assessment_id": model.assessment_id,
            "id": model.id,
            **extra,
            "schema_version": DOC_SCHEMA_VERSION,
            "doc": model.model_dump(mode="json"),
        }

    return {
        COST_ESTIMATES: [
            stored(b.cost, recommendation_id=b.cost.recommendation_id) for b in bundles
        ],
        COMPLIANCE_ASSESSMENTS: [
            stored(b.compliance, recommendation_id=b.compliance.recommendation_id) for b in bundles
        ],
        IMPLEMENTATION_PLANS: [
            stored(b.plan, recommendation_id=b.plan.recommendation_id) for b in bundles
        ],
        # Written last, removed first: a reader never meets a recommendation
        # whose documents are not there yet.
        RECOMMENDATIONS: [
            stored(
                b.recommendation,
                rank=b.recommendation.rank,
                **{field: getattr(b.recommendation, field) for _, field, _ in _JOINS},
            )
            for b in bundles
        ],
    }


async def _replace(
    db: AsyncDatabase[Document],
    scope: dict[str, str],
    documents: dict[str, list[dict[str, Any]]],
    session: AsyncClientSession | None,
) -> None:
    for collection in reversed(documents):
        await db[collection].delete_many(scope, session=session)
    for collection, rows in documents.items():
        if rows:
            await db[collection].insert_many(rows, session=session)


class MongoRecommendationRepository:
    def __init__(self, database: MongoDatabase) -> None:
        self._database = database

    async def replace_for(
        self, tenant_id: str, assessment_id: str, bundles: Sequence[RecommendationBundle]
    ) -> None:
        documents = _documents(checked_bundles(tenant_id, assessment_id, bundles))
        scope = {"tenant_id": tenant_id, "assessment_id": assessment_id}
        with unavailable_on_connection_error():
            db = await self._database.ready()
            if not self._database.transactions:
                await _replace(db, scope, documents, None)
                return
            async with self._database.client.start_session() as session:
                await session.with_transaction(lambda s: _replace(db, scope, documents, s))

    async def list_bundles(self, tenant_id: str, assessment_id: str) -> list[RecommendationBundle]:
        return await self._read(tenant_id, {"assessment_id": assessment_id})

    async def list_bundles_of(
        self, tenant_id: str, assessment_ids: Sequence[str]
    ) -> list[RecommendationBundle]:
        if not assessment_ids:
            return []
        return await self._read(tenant_id, {"assessment_id": {"$in": list(assessment_ids)}})

    async def get_bundle(self, tenant_id: str, recommendation_id: str) -> RecommendationBundle:
        found = await self._read(tenant_id, {"id": recommendation_id})
        if not found:
            raise NotFound("recommendation", recommendation_id)
        return found[0]

    async def _read(self, tenant_id: str, match: dict[str, Any]) -> list[RecommendationBundle]:
        pipeline = _bundles_pipeline(tenant_id, match)
        with unavailable_on_connection_error():
            db = await self._database.ready()
            cursor = await db[RECOMMENDATIONS].aggregate(pipeline, batchSize=_BATCH)
            rows = await cursor.to_list()
        return [bundle for row in rows if (bundle := _bundle(row)) is not None]

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        scope = {"tenant_id": tenant_id, "assessment_id": assessment_id}
        with unavailable_on_connection_error():
            db = await self._database.ready()
            for collection in (RECOMMENDATIONS, *(c for c, _, _ in _JOINS)):
                await db[collection].delete_many(scope)
