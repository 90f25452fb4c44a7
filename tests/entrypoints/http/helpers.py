"""Helpers for the HTTP tests: wait for a run to rest, store a recommendation bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import anyio
from litestar.testing import AsyncTestClient

from infra_mind.container import ApplicationContainer, resolve
from infra_mind.domain.enums import CloudProvider, Framework
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    ComplianceVerdict,
    ControlGap,
    CostEstimate,
    ImplementationPlan,
    LineItem,
    Phase,
    Recommendation,
    RecommendationBundle,
    Scores,
    Severity,
)

API = "/api/v1"
RESTING = {"draft", "paused", "completed", "failed", "cancelled"}


async def wait_rest(client: AsyncTestClient, assessment_id: str) -> dict[str, Any]:
    with anyio.fail_after(20):
        while True:
            r = await client.get(f"{API}/assessments/{assessment_id}/status")
            body: dict[str, Any] = r.json()
            if body["status"] in RESTING:
                return body
            await anyio.sleep(0.02)


def bundle(tenant: str, assessment_id: str, rank: int, monthly_gpu_hours: float) -> Any:
    """One recommendation priced from a line item (p5 hours at a fixed unit price)."""
    rid = f"{assessment_id}-r{rank}"
    now = datetime.now(UTC)
    ids = {"cost_estimate_id": f"{rid}-c", "compliance_assessment_id": f"{rid}-k"}
    return RecommendationBundle(
        recommendation=Recommendation(
            id=rid,
            tenant_id=tenant,
            assessment_id=assessment_id,
            rank=rank,
            title=f"Option {rank}",
            category="compute",
            summary="s",
            rationale="r",
            provider=CloudProvider.AWS,
            scores=Scores(impact=0.5, cost=0.5, risk=0.5, urgency=0.5, total=0.5),
            implementation_plan_id=f"{rid}-p",
            created_at=now,
            **ids,
        ),
        cost=CostEstimate(
            id=ids["cost_estimate_id"],
            tenant_id=tenant,
            assessment_id=assessment_id,
            recommendation_id=rid,
            provider=CloudProvider.AWS,
            line_items=[
                LineItem(
                    description="gpu",
                    category="compute",
                    catalog_ref="aws/g5.xlarge",
                    quantity=monthly_gpu_hours,
                    unit="hour",
                    unit_price_usd=10.0,
                    formula="hours × price",
                )
            ],
            as_of=date(2025, 1, 1),
        ),
        compliance=ComplianceAssessment(
            id=ids["compliance_assessment_id"],
            tenant_id=tenant,
            assessment_id=assessment_id,
            recommendation_id=rid,
            gaps=[
                ControlGap(
                    framework=Framework.SOC2,
                    control_id="CC6.1",
                    description="access control",
                    severity=Severity.HIGH,
                    remediation="enable SSO",
                )
            ],
            verdict=ComplianceVerdict.GAPS,
        ),
        plan=ImplementationPlan(
            id=f"{rid}-p",
            tenant_id=tenant,
            assessment_id=assessment_id,
            recommendation_id=rid,
            phases=[Phase(name="pilot", duration_weeks=4)],
        ),
    )


async def store_bundles(
    container: ApplicationContainer, tenant: str, assessment_id: str, hours: list[float]
) -> list[str]:
    repo = await resolve(container.storage.recommendations)
    bundles = [bundle(tenant, assessment_id, i + 1, h) for i, h in enumerate(hours)]
    await repo.replace_for(tenant, assessment_id, bundles)
    return [b.recommendation.id for b in bundles]
