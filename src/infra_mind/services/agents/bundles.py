"""Synthesis documents: each ranked part stored with its cost, compliance and plan."""

from __future__ import annotations

from datetime import datetime

from infra_mind.domain.enums import Framework
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    ComplianceVerdict,
    ControlGap,
    CostEstimate,
    FrameworkApplicability,
    ImplementationPlan,
    Phase,
    Recommendation,
    RecommendationBundle,
    Scores,
    Severity,
)
from infra_mind.ports.clock import IdGenerator
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.common import money
from infra_mind.services.agents.merge import Candidate
from infra_mind.services.agents.schedule import Schedule

SEVERITY = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}


def verdict_of(gaps: list[ControlGap]) -> ComplianceVerdict:
    """Non-compliant with a critical gap, compliant with gaps otherwise, compliant without."""
    if any(g.severity is Severity.CRITICAL for g in gaps):
        return ComplianceVerdict.NON_COMPLIANT
    return ComplianceVerdict.GAPS if gaps else ComplianceVerdict.COMPLIANT


class BundleBuilder:
    """Builds the stored documents of one assessment's recommendations."""

    def __init__(
        self,
        ids: IdGenerator,
        tenant_id: str,
        assessment_id: str,
        analysis: Analysis,
        ineligible: list[str],
        budget: float,
    ) -> None:
        self._ids, self._tenant, self._aid = ids, tenant_id, assessment_id
        self._a, self._ineligible, self._budget = analysis, ineligible, budget

    def bundle(
        self, rank: int, scores: Scores, c: Candidate, plan: Schedule, now: datetime
    ) -> RecommendationBundle:
        rid = self._ids.new_id()
        cost = self.cost(rid, c)
        compliance = self.compliance(rid)
        implementation = self.plan(rid, plan)
        d = c.draft
        rec = Recommendation(
            id=rid,
            tenant_id=self._tenant,
            assessment_id=self._aid,
            rank=rank,
            title=d.title,
            category=d.category,
            summary=(
                f"{d.summary}. {money(cost.monthly_total_usd)}/month, prices as of {c.priced.as_of}"
            ),
            rationale=d.rationale,
            provider=d.provider,
            urgency=d.urgency,
            source_agents=list(c.agents),
            scores=scores,
            cost_estimate_id=cost.id,
            compliance_assessment_id=compliance.id,
            implementation_plan_id=implementation.id,
            sources=d.sources,
            assumptions=d.assumptions,
            created_at=now,
        )
        return RecommendationBundle(
            recommendation=rec, cost=cost, compliance=compliance, plan=implementation
        )

    def cost(self, rid: str, c: Candidate) -> CostEstimate:
        return CostEstimate(
            id=self._ids.new_id(),
            tenant_id=self._tenant,
            assessment_id=self._aid,
            recommendation_id=rid,
            provider=c.draft.provider,
            line_items=list(c.priced.line_items),
            as_of=c.priced.as_of,
            budget_monthly_usd=self._budget,
            notes=list(c.priced.notes),
        )

    def compliance(self, rid: str) -> ComplianceAssessment:
        f = self._a.compliance
        gaps = [
            ControlGap(
                framework=Framework(g.framework_id),
                control_id=g.control_id,
                description=g.description,
                severity=SEVERITY[g.severity],
                remediation="implement " + ", ".join(g.missing_controls),
            )
            for g in f.gaps
        ]
        return ComplianceAssessment(
            id=self._ids.new_id(),
            tenant_id=self._tenant,
            assessment_id=self._aid,
            recommendation_id=rid,
            frameworks=[
                FrameworkApplicability(
                    framework=Framework(x.framework_id),
                    reason="; ".join((*x.reasons, *(f"exemption: {e}" for e in x.exemptions))),
                )
                for x in f.applicable
            ],
            gaps=gaps,
            allowed_regions=sorted(self._a.allowed_regions),
            ineligible_services=list(self._ineligible),
            verdict=verdict_of(gaps),
            notes=[self._a.region_scope_reason, *f.assumptions],
        )

    def plan(self, rid: str, s: Schedule) -> ImplementationPlan:
        phases, previous = [], None
        for p in s.phases:
            phases.append(
                Phase(
                    name=p.name,
                    duration_weeks=p.weeks,
                    depends_on=[previous] if previous else [],
                    roles=list(s.roles),
                    tasks=list(p.tasks),
                )
            )
            previous = p.name
        return ImplementationPlan(
            id=self._ids.new_id(),
            tenant_id=self._tenant,
            assessment_id=self._aid,
            recommendation_id=rid,
            phases=phases,
        )
