"""CTO: strategy, TCO over the timeline, build vs buy summary, risks and a phased roadmap."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.fact_rows import RoadmapStage
from infra_mind.domain.facts import CTOFacts
from infra_mind.domain.input import Business
from infra_mind.domain.money import cents, total
from infra_mind.domain.results import AgentOutput
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, formula, output

INSTRUCTIONS = (
    "Write the CTO's view: strategy, total cost of ownership, risks and the phased roadmap."
)
TCO_FORMULA = "monthly run cost × timeline months (run cost only; staff excluded)"


def risks_of(a: Analysis, b: Business) -> list[str]:
    risks = []
    if a.budget is not None and a.budget.status == "over":
        risks.append(
            f"cheapest feasible plan exceeds the monthly budget by {a.budget.gap_usd:.2f} USD"
        )
    if a.chosen is None:
        risks.append("no feasible deployment within residency, compliance and latency constraints")
    risks += [
        f"{g.framework_id} {g.control_id} gap ({g.severity})"
        for g in a.compliance.gaps
        if g.severity in ("critical", "high")
    ]
    if b.team.kubernetes_skill <= 2:
        risks.append(
            f"Kubernetes skill {b.team.kubernetes_skill}/5: "
            "prefer managed serving and add enablement time"
        )
    return risks + list(a.notes)


def roadmap(months: int) -> list[RoadmapStage]:
    """Foundation in the first quarter of the timeline, pilot to its half, scale to its end."""
    quarter, half = max(1, months // 4), max(2, months // 2)
    return [
        RoadmapStage(
            phase="foundation",
            months=f"1-{quarter}",
            content="landing zone, security controls, data platform",
        ),
        RoadmapStage(
            phase="pilot",
            months=f"{quarter + 1}-{half}",
            content="first workload in production behind a feature flag",
        ),
        RoadmapStage(
            phase="scale",
            months=f"{half + 1}-{months}",
            content="full traffic, autoscaling, DR, cost commitments",
        ),
    ]


class CTOAgent:
    name = AgentRole.CTO.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        a = analysis_of(ctx)
        b = ctx.input.business
        monthly = total(p.monthly_usd for p in a.parts)
        tco = cents(monthly * b.timeline_months)
        total_max = b.budget.total_max_usd
        facts = CTOFacts(
            monthly_run_cost_usd=monthly,
            tco_over_timeline_usd=tco,
            timeline_months=b.timeline_months,
            budget_total_range_usd=[b.budget.total_min_usd, total_max],
            tco_within_total_budget=None if total_max is None else tco <= total_max,
            budget_fit=a.budget,
            provider=a.chosen.provider if a.chosen else None,
            risks=risks_of(a, b),
            roadmap=roadmap(b.timeline_months),
            formulas={"tco": TCO_FORMULA},
        )
        return await output(ctx, self.name, INSTRUCTIONS, facts, [formula("tco", TCO_FORMULA)])
