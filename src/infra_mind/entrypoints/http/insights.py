"""Compliance view, costs, the budget forecast, and tenant analytics."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from infra_mind.domain.access import Permission
from infra_mind.domain.forecast import BudgetForecast
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.services.analytics import AnalyticsService, TenantAnalytics
from infra_mind.services.insights import ComplianceView, CostSummary, InsightService


class InsightsController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}"
    tags = (
        "costs",
        "compliance",
    )

    @get(
        "/compliance",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Frameworks, verdict and gaps",
    )
    async def compliance(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        insights: NamedDependency[InsightService],
    ) -> ComplianceView:
        return await insights.compliance(tenant, assessment_id)

    @get(
        "/costs",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Cost estimates against the budget",
    )
    async def costs(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        insights: NamedDependency[InsightService],
    ) -> CostSummary:
        return await insights.costs(tenant, assessment_id)

    @get(
        "/costs/forecast",
        permission=Permission.READ,
        responses=problem_responses(400, 404),
        summary="Monthly projection against the budget; months where it is exceeded",
        description=(
            "projected(m) = baseline × growth(m): baseline is the sum of the recommendations' "
            "monthly estimates; growth(m) is the simulation agent's mean path "
            "(1 − v) + v × (1 + g)^m when stored, else users_at(m) / users_at(0) from the "
            "input's growth projection. Months with projected(m) > the monthly budget are "
            "listed in exceeded_months."
        ),
    )
    async def forecast(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        insights: NamedDependency[InsightService],
        horizon_months: Annotated[
            int | None, QueryParameter(name="horizon_months", ge=1, le=120, required=False)
        ] = None,
    ) -> BudgetForecast:
        return await insights.forecast(tenant, assessment_id, horizon_months)


class AnalyticsController(Controller):
    path = f"{API}/analytics"
    tags = ("analytics",)

    @get(
        "/",
        permission=Permission.READ,
        responses=problem_responses(),
        summary="Tenant analytics",
    )
    async def tenant_analytics(
        self, tenant: NamedDependency[str], analytics: NamedDependency[AnalyticsService]
    ) -> TenantAnalytics:
        return await analytics.for_tenant(tenant)
