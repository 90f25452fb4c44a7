"""Read models over one assessment: costs, budget forecast and compliance."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError

from infra_mind.domain.enums import Framework
from infra_mind.domain.errors import NotFound
from infra_mind.domain.facts import SimulationFacts
from infra_mind.domain.forecast import BudgetForecast, forecast_budget
from infra_mind.domain.money import cents, total
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    ComplianceVerdict,
    ControlGap,
    CostEstimate,
)
from infra_mind.ports.repositories import (
    AgentResultRepository,
    AssessmentRepository,
    RecommendationRepository,
)

SIMULATION = "simulation"
_VERDICT_ORDER = list(ComplianceVerdict)


class CostSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessment_id: str
    currency: str = "USD"
    monthly_total_usd: float
    budget_monthly_usd: float
    budget_gap_usd: float
    estimates: list[CostEstimate]


class ComplianceView(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessment_id: str
    required_frameworks: list[Framework]
    verdict: ComplianceVerdict | None = None
    gaps: list[ControlGap]
    assessments: list[ComplianceAssessment]


class InsightService:
    def __init__(
        self,
        assessments: AssessmentRepository,
        results: AgentResultRepository,
        recommendations: RecommendationRepository,
    ) -> None:
        self._assessments = assessments
        self._results = results
        self._recommendations = recommendations

    async def costs(self, tenant_id: str, assessment_id: str) -> CostSummary:
        assessment = await self._assessments.get(tenant_id, assessment_id)
        bundles = await self._recommendations.list_bundles(tenant_id, assessment_id)
        plan_total = total(b.cost.monthly_total_usd for b in bundles)
        budget = assessment.input.business.budget.monthly_limit_usd
        return CostSummary(
            assessment_id=assessment_id,
            monthly_total_usd=plan_total,
            budget_monthly_usd=budget,
            budget_gap_usd=cents(plan_total - budget),
            estimates=[b.cost for b in bundles],
        )

    async def forecast(
        self, tenant_id: str, assessment_id: str, horizon_months: int | None = None
    ) -> BudgetForecast:
        """Projection over ``horizon_months`` (default: the input's timeline)."""
        assessment = await self._assessments.get(tenant_id, assessment_id)
        bundles = await self._recommendations.list_bundles(tenant_id, assessment_id)
        horizon = horizon_months or assessment.input.business.timeline_months
        return forecast_budget(
            assessment_id,
            assessment.input,
            total(b.cost.monthly_total_usd for b in bundles),
            horizon,
            await self._simulation_growth(tenant_id, assessment_id),
        )

    async def compliance(self, tenant_id: str, assessment_id: str) -> ComplianceView:
        assessment = await self._assessments.get(tenant_id, assessment_id)
        bundles = await self._recommendations.list_bundles(tenant_id, assessment_id)
        docs = [b.compliance for b in bundles]
        seen: set[tuple[str, str]] = set()
        gaps: list[ControlGap] = []
        for gap in (g for d in docs for g in d.gaps):
            if (gap.framework, gap.control_id) not in seen:
                seen.add((gap.framework, gap.control_id))
                gaps.append(gap)
        verdicts = [d.verdict for d in docs]
        return ComplianceView(
            assessment_id=assessment_id,
            required_frameworks=list(assessment.input.business.compliance),
            verdict=max(verdicts, key=_VERDICT_ORDER.index) if verdicts else None,
            gaps=gaps,
            assessments=docs,
        )

    async def _simulation_growth(
        self, tenant_id: str, assessment_id: str
    ) -> tuple[float, float] | None:
        """The simulation agent's (monthly_growth_mean, variable_share), when stored."""
        try:
            result = await self._results.get(tenant_id, assessment_id, SIMULATION)
        except NotFound:
            return None
        if not result.ok:
            return None
        try:
            facts = SimulationFacts.model_validate(result.facts)
        except ValidationError:  # a result stored before the facts had a model
            return None
        if facts.monthly_growth_mean <= -1:
            return None
        return facts.monthly_growth_mean, facts.variable_share
