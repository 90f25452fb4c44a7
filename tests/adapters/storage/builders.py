"""Domain objects for the storage contract tests, built from the shipped examples."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from infra_mind.domain.assessment import Assessment
from infra_mind.domain.enums import CloudProvider, Framework
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    ComplianceVerdict,
    CostEstimate,
    FrameworkApplicability,
    ImplementationPlan,
    LineItem,
    Phase,
    Recommendation,
    RecommendationBundle,
    Scores,
)
from infra_mind.domain.results import AgentResult, ResultStatus, SourceRef
from tests.factories import example_input

BASE = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
INPUT = example_input()


def new_id(prefix: str = "x") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def assessment(
    tenant_id: str, *, assessment_id: str | None = None, at: datetime = BASE, **update: object
) -> Assessment:
    a = Assessment(
        id=assessment_id or new_id("a"),
        tenant_id=tenant_id,
        title="Fraud model platform",
        input=INPUT,
        created_at=at,
        updated_at=at,
    )
    return a.model_copy(update=update) if update else a


def result(tenant_id: str, assessment_id: str, node: str, **update: object) -> AgentResult:
    r = AgentResult(
        tenant_id=tenant_id,
        assessment_id=assessment_id,
        node=node,
        status=ResultStatus.COMPLETED,
        facts={"gpu_hours": 412.5, "p4d.24xlarge": {"count": 2}, "regions": ["eu-west-1"]},
        sources=[SourceRef(kind="formula", ref="gpu_hours = tokens / throughput")],
        narrative=f"{node} found two things.",
        duration_ms=12.5,
        created_at=BASE + timedelta(seconds=1),
    )
    return r.model_copy(update=update) if update else r


def bundle(tenant_id: str, assessment_id: str, rank: int) -> RecommendationBundle:
    rec_id = new_id("r")
    common = {"tenant_id": tenant_id, "assessment_id": assessment_id, "recommendation_id": rec_id}
    cost = CostEstimate(
        id=new_id("c"),
        provider=CloudProvider.AWS,
        line_items=[
            LineItem(
                description="GPU nodes",
                category="compute",
                catalog_ref="aws:p4d.24xlarge",
                quantity=730.0 * rank,
                unit="hour",
                unit_price_usd=32.77,
                formula="hours × price",
            )
        ],
        budget_monthly_usd=50_000.0,
        **common,
    )
    compliance = ComplianceAssessment(
        id=new_id("k"),
        frameworks=[FrameworkApplicability(framework=Framework.GDPR, reason="EU customers")],
        verdict=ComplianceVerdict.COMPLIANT,
        allowed_regions=["eu-west-1"],
        **common,
    )
    plan = ImplementationPlan(
        id=new_id("p"),
        phases=[
            Phase(name="pilot", duration_weeks=2.0),
            Phase(name="rollout", duration_weeks=3.5, depends_on=["pilot"]),
        ],
        **common,
    )
    rec = Recommendation(
        id=rec_id,
        tenant_id=tenant_id,
        assessment_id=assessment_id,
        rank=rank,
        title=f"Option {rank}",
        category="compute",
        summary="Run training on reserved GPU nodes.",
        rationale="Monthly training runs fit a reserved footprint.",
        scores=Scores(impact=0.8, cost=0.6, risk=0.2, urgency=0.5, total=0.7 - rank / 1000),
        cost_estimate_id=cost.id,
        compliance_assessment_id=compliance.id,
        implementation_plan_id=plan.id,
        created_at=BASE,
    )
    return RecommendationBundle(recommendation=rec, cost=cost, compliance=compliance, plan=plan)
