"""SQLite recommendation repository: four tables, read back together in one joined query."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from infra_mind.adapters.bundles import checked_bundles
from infra_mind.adapters.sqlite.database import SqliteDatabase
from infra_mind.domain.errors import NotFound
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    CostEstimate,
    ImplementationPlan,
    Recommendation,
    RecommendationBundle,
)

DOC_SCHEMA_VERSION = 1
_DOCUMENT_TABLES = ("cost_estimates", "compliance_assessments", "implementation_plans")

_SELECT_BUNDLES = """
    SELECT r.doc, c.doc, k.doc, p.doc
    FROM recommendations AS r
    JOIN cost_estimates AS c
        ON c.tenant_id = r.tenant_id AND c.id = r.cost_estimate_id
    JOIN compliance_assessments AS k
        ON k.tenant_id = r.tenant_id AND k.id = r.compliance_assessment_id
    JOIN implementation_plans AS p
        ON p.tenant_id = r.tenant_id AND p.id = r.implementation_plan_id
"""


def _bundle(row: tuple[str, str, str, str]) -> RecommendationBundle:
    return RecommendationBundle(
        recommendation=Recommendation.model_validate_json(row[0]),
        cost=CostEstimate.model_validate_json(row[1]),
        compliance=ComplianceAssessment.model_validate_json(row[2]),
        plan=ImplementationPlan.model_validate_json(row[3]),
    )


def _delete_for(conn: sqlite3.Connection, tenant_id: str, assessment_id: str) -> None:
    for table in ("recommendations", *_DOCUMENT_TABLES):
        conn.execute(
            f"DELETE FROM {table} WHERE tenant_id = ? AND assessment_id = ?",  # nosec B608 - table names are this module's constants
            (tenant_id, assessment_id),
        )


class SqliteRecommendationRepository:
    def __init__(self, database: SqliteDatabase) -> None:
        self._db = database

    async def replace_for(
        self, tenant_id: str, assessment_id: str, bundles: Sequence[RecommendationBundle]
    ) -> None:
        ranked = checked_bundles(tenant_id, assessment_id, bundles)
        recommendations = [
            (
                tenant_id,
                b.recommendation.id,
                assessment_id,
                b.recommendation.rank,
                b.recommendation.cost_estimate_id,
                b.recommendation.compliance_assessment_id,
                b.recommendation.implementation_plan_id,
                DOC_SCHEMA_VERSION,
                b.recommendation.model_dump_json(),
            )
            for b in ranked
        ]
        documents = {
            table: [
                (
                    tenant_id,
                    doc.id,
                    assessment_id,
                    doc.recommendation_id,
                    DOC_SCHEMA_VERSION,
                    doc.model_dump_json(),
                )
                for doc in docs
            ]
            for table, docs in (
                ("cost_estimates", [b.cost for b in ranked]),
                ("compliance_assessments", [b.compliance for b in ranked]),
                ("implementation_plans", [b.plan for b in ranked]),
            )
        }

        def work(conn: sqlite3.Connection) -> None:
            _delete_for(conn, tenant_id, assessment_id)
            conn.executemany(
                "INSERT INTO recommendations (tenant_id, id, assessment_id, rank,"
                " cost_estimate_id, compliance_assessment_id, implementation_plan_id,"
                " schema_version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                recommendations,
            )
            for table, rows in documents.items():
                conn.executemany(
                    f"INSERT INTO {table} (tenant_id, id, assessment_id, recommendation_id,"  # nosec B608 - table names are this module's constants
                    " schema_version, doc) VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )

        await self._db.write(work)

    async def list_bundles(self, tenant_id: str, assessment_id: str) -> list[RecommendationBundle]:
        rows = await self._db.read(
            lambda conn: conn.execute(
                _SELECT_BUNDLES
                + " WHERE r.tenant_id = ? AND r.assessment_id = ? ORDER BY r.rank, r.id",
                (tenant_id, assessment_id),
            ).fetchall()
        )
        return [_bundle(row) for row in rows]

    async def list_bundles_of(
        self, tenant_id: str, assessment_ids: Sequence[str]
    ) -> list[RecommendationBundle]:
        if not assessment_ids:
            return []
        marks = ",".join("?" * len(assessment_ids))
        sql = (
            _SELECT_BUNDLES
            + f" WHERE r.tenant_id = ? AND r.assessment_id IN ({marks})"
            + " ORDER BY r.assessment_id, r.rank, r.id"
        )
        rows = await self._db.read(
            lambda conn: conn.execute(sql, (tenant_id, *assessment_ids)).fetchall()
        )
        return [_bundle(row) for row in rows]

    async def get_bundle(self, tenant_id: str, recommendation_id: str) -> RecommendationBundle:
        row = await self._db.read(
            lambda conn: conn.execute(
                _SELECT_BUNDLES + " WHERE r.tenant_id = ? AND r.id = ?",
                (tenant_id, recommendation_id),
            ).fetchone()
        )
        if row is None:
            raise NotFound("recommendation", recommendation_id)
        return _bundle(row)

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        await self._db.write(lambda conn: _delete_for(conn, tenant_id, assessment_id))
