"""Synthesis: merge the analysts' drafts into ranked, costed, compliance-checked recommendations."""

from __future__ import annotations

import math
from typing import Any

from infra_mind.domain.costing import check_budget
from infra_mind.domain.enums import Framework, Priority
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
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.domain.workflow import AgentRole
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.repositories import RecommendationRepository
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, money, output
from infra_mind.services.agents.costs import price

ANALYSTS = tuple(r.value for r in AgentRole if r.value != "report_generator")
WEIGHTS = {"impact": 0.4, "cost": 0.2, "risk": 0.2, "urgency": 0.2}
RANKING_FORMULA = (
    "total = 0.4 × impact + 0.2 × cost + 0.2 × (1 − risk) + 0.2 × urgency; "
    "cost = 1 − min(1, monthly / budget); urgency = priority weight / 4"
)
PHASE_SHARES = (("design", 0.2), ("build", 0.5), ("validate", 0.2), ("rollout", 0.1))
PLAN_FORMULA = (
    "phase weeks = effort weeks × share / min(team members in its roles, 4) × (1 + 0.15 × (3 − skill)), "
    "at least 0.5; shares design 20 %, build 50 %, validate 20 %, rollout 10 %"
)
_SEVERITY = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}


def roles_for(category: str) -> list[str]:
    return {
        "model_serving": ["ml_engineers", "devops"],
        "mlops": ["ml_engineers", "data_engineers"],
        "data": ["data_engineers", "devops"],
        "security_compliance": ["devops", "developers"],
    }.get(category, ["devops", "developers"])


class SynthesisAgent:
    name = "synthesis"

    def __init__(
        self, recommendations: RecommendationRepository, ids: IdGenerator, clock: Clock
    ) -> None:
        self._repo, self._ids, self._clock = recommendations, ids, clock

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        b = ctx.input.business
        budget = b.budget.monthly_limit_usd
        missing = [n for n in ANALYSTS if not (ctx.upstream.get(n) and ctx.upstream[n].ok)]
        merged: dict[str, tuple[DraftRecommendation, list[str]]] = {}
        for node in ANALYSTS:
            result = ctx.upstream.get(node)
            if result is None or not result.ok:
                continue
            for d in result.recommendations:
                if d.key in merged:
                    merged[d.key][1].append(
                        node
                    )  # same component proposed twice: keep the first, credit both
                else:
                    merged[d.key] = (d, [node])
        excluded: list[dict[str, Any]] = []
        kept: list[tuple[DraftRecommendation, list[str], Any]] = []
        for key in sorted(merged):
            d, agents = merged[key]
            bad_regions = [r for r in d.regions if r not in a.allowed_regions]
            if bad_regions:
                excluded.append(
                    {"key": key, "reason": f"regions {bad_regions} outside {a.region_scope_reason}"}
                )
                continue
            priced = price(kb, d.data.get("cost_specs", []))
            bad = [
                i.catalog_ref
                for i in priced.line_items
                if i.catalog_ref.startswith("service:")
                and not all(kb.resolve(i.catalog_ref).eligibility.has(f) for f in a.flags)
            ]  # type: ignore[attr-defined]
            if bad:
                excluded.append({"key": key, "reason": f"services {bad} lack {sorted(a.flags)}"})
                continue
            kept.append((d, agents, priced))
        total = sum(sum(i.monthly_usd for i in p.line_items) for _, _, p in kept)
        for d, _, p in sorted(kept, key=lambda x: x[0].key):
            if total > budget and d.data.get("optional"):
                cost = sum(i.monthly_usd for i in p.line_items)
                excluded.append(
                    {
                        "key": d.key,
                        "reason": f"optional and the plan exceeds the {money(budget)} budget; saves {money(cost)}",
                    }
                )
                kept.remove(next(k for k in kept if k[0].key == d.key))
                total -= cost
        for p in a.plans:
            if a.chosen is None or p.provider != a.chosen.provider:
                why = p.infeasible_reason or (
                    f"{money(p.total_monthly_usd or 0)} vs {money(a.chosen.total_monthly_usd or 0)} for {a.chosen.provider}"
                    if a.chosen
                    else "not chosen"
                )
                excluded.append(
                    {
                        "key": f"provider:{p.provider}",
                        "reason": ("not preferred; " if p.provider not in a.considered else "")
                        + why,
                    }
                )
        fit = check_budget(total, budget)
        now = self._clock.now()
        scored = []
        for d, agents, p in kept:
            monthly = sum(i.monthly_usd for i in p.line_items)
            cost_score = 1 - min(1.0, monthly / budget)
            urgency = (
                max(
                    d.urgency.weight,
                    b.urgency.weight if d.urgency is Priority.CRITICAL else d.urgency.weight,
                )
                / 4
            )
            total_score = (
                WEIGHTS["impact"] * d.impact
                + WEIGHTS["cost"] * cost_score
                + WEIGHTS["risk"] * (1 - d.risk)
                + WEIGHTS["urgency"] * urgency
            )
            scored.append(
                (
                    Scores(
                        impact=d.impact,
                        cost=cost_score,
                        risk=d.risk,
                        urgency=urgency,
                        total=total_score,
                    ),
                    d,
                    agents,
                    p,
                )
            )
        scored.sort(key=lambda x: (-x[0].total, x[1].key))
        bundles = [
            self._bundle(ctx, a, rank, s, d, agents, p, budget, now)
            for rank, (s, d, agents, p) in enumerate(scored, 1)
        ]
        await self._repo.replace_for(ctx.tenant_id, ctx.assessment.id, bundles)
        facts = {
            "total_monthly_usd": total,
            "budget_monthly_usd": budget,
            "budget_fit": fit.model_dump(mode="json"),
            "feasible_within_budget": fit.status == "fits",
            "provider": a.chosen.provider if a.chosen else None,
            "region": a.chosen.option.region if a.chosen else None,
            "ranking": [
                {
                    "rank": i + 1,
                    "key": d.key,
                    "title": d.title,
                    "score": s.total,
                    "monthly_usd": sum(x.monthly_usd for x in p.line_items),
                }
                for i, (s, d, _, p) in enumerate(scored)
            ],
            "ranking_formula": RANKING_FORMULA,
            "plan_formula": PLAN_FORMULA,
            "excluded": excluded,
            "missing_agents": missing,
            "notes": list(a.notes),
        }
        return await output(
            ctx,
            self.name,
            "Summarise the ranked plan, its total cost against the budget, what was excluded and why, and what is missing.",
            facts,
            [],
        )

    def _bundle(
        self,
        ctx: AgentContext,
        a: Any,
        rank: int,
        s: Scores,
        d: DraftRecommendation,
        agents: list[str],
        p: Any,
        budget: float,
        now: Any,
    ) -> RecommendationBundle:
        tenant, aid = ctx.tenant_id, ctx.assessment.id
        rid = self._ids.new_id()
        cost = CostEstimate(
            id=self._ids.new_id(),
            tenant_id=tenant,
            assessment_id=aid,
            recommendation_id=rid,
            provider=d.provider,
            line_items=list(p.line_items),
            as_of=p.as_of,
            budget_monthly_usd=budget,
            notes=list(p.notes),
        )
        f = a.compliance
        gaps = [
            ControlGap(
                framework=Framework(g.framework_id),
                control_id=g.control_id,
                description=g.description,
                severity=_SEVERITY[g.severity],
                remediation="implement " + ", ".join(g.missing_controls),
            )
            for g in f.gaps
        ]
        worst = {g.severity for g in gaps}
        verdict = (
            ComplianceVerdict.NON_COMPLIANT
            if Severity.CRITICAL in worst
            else ComplianceVerdict.GAPS
            if gaps
            else ComplianceVerdict.COMPLIANT
        )
        compliance = ComplianceAssessment(
            id=self._ids.new_id(),
            tenant_id=tenant,
            assessment_id=aid,
            recommendation_id=rid,
            frameworks=[
                FrameworkApplicability(
                    framework=Framework(x.framework_id), reason="; ".join(x.reasons)
                )
                for x in f.applicable
            ],
            gaps=gaps,
            allowed_regions=sorted(a.allowed_regions),
            ineligible_services=[],
            verdict=verdict,
            notes=[a.region_scope_reason, *f.assumptions],
        )
        team = ctx.input.business.team
        roles = roles_for(d.category)
        people = min(4, max(1, sum(getattr(team, r) for r in roles)))
        skill = (
            team.kubernetes_skill
            if d.category in ("platform", "model_serving")
            else team.cloud_skill
        )
        factor = 1 + 0.15 * (3 - skill)
        effort = d.effort_weeks or 1.0
        phases, previous = [], None
        for name, share in PHASE_SHARES:
            weeks = max(0.5, math.ceil(effort * share / people * factor * 2 * 4) / 8)
            phases.append(
                Phase(
                    name=name,
                    duration_weeks=weeks,
                    depends_on=[previous] if previous else [],
                    roles=roles,
                    tasks=[f"{name}: {d.title}"],
                )
            )
            previous = name
        plan = ImplementationPlan(
            id=self._ids.new_id(),
            tenant_id=tenant,
            assessment_id=aid,
            recommendation_id=rid,
            phases=phases,
        )
        rec = Recommendation(
            id=rid,
            tenant_id=tenant,
            assessment_id=aid,
            rank=rank,
            title=d.title,
            category=d.category,
            summary=f"{d.summary}. {money(cost.monthly_total_usd)}/month, prices as of {p.as_of}",
            rationale=d.rationale,
            provider=d.provider,
            urgency=d.urgency,
            source_agents=agents,
            scores=s,
            cost_estimate_id=cost.id,
            compliance_assessment_id=compliance.id,
            implementation_plan_id=plan.id,
            sources=d.sources,
            created_at=now,
        )
        return RecommendationBundle(recommendation=rec, cost=cost, compliance=compliance, plan=plan)
