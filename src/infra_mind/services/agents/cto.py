"""CTO: strategy, TCO over the timeline, build vs buy summary, risks and a phased roadmap."""

from __future__ import annotations

from infra_mind.domain.results import AgentOutput
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, formula, output
from infra_mind.services.agents.costs import component_specs, price

INSTRUCTIONS = (
    "Write the CTO's view: strategy, total cost of ownership, risks and the phased roadmap."
)


class CTOAgent:
    name = "cto"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        b = ctx.input.business
        specs = component_specs(kb, a)
        monthly = sum(i.monthly_usd for v in specs.values() for i in price(kb, v).line_items)
        tco = monthly * b.timeline_months
        risks = []
        if a.budget is not None and a.budget.status == "over":
            risks.append(
                f"cheapest feasible plan exceeds the monthly budget by {a.budget.gap_usd:.2f} USD"
            )
        if a.chosen is None:
            risks.append(
                "no feasible deployment within residency, compliance and latency constraints"
            )
        risks += [
            f"{g.framework_id} {g.control_id} gap ({g.severity})"
            for g in a.compliance.gaps
            if g.severity in ("critical", "high")
        ]
        if b.team.kubernetes_skill <= 2:
            risks.append(
                f"Kubernetes skill {b.team.kubernetes_skill}/5: prefer managed serving and add enablement time"
            )
        risks += list(a.notes)
        roadmap = [
            {
                "phase": "foundation",
                "months": f"1-{max(1, b.timeline_months // 4)}",
                "content": "landing zone, security controls, data platform",
            },
            {
                "phase": "pilot",
                "months": f"{max(1, b.timeline_months // 4) + 1}-{max(2, b.timeline_months // 2)}",
                "content": "first workload in production behind a feature flag",
            },
            {
                "phase": "scale",
                "months": f"{max(2, b.timeline_months // 2) + 1}-{b.timeline_months}",
                "content": "full traffic, autoscaling, DR, cost commitments",
            },
        ]
        facts = {
            "monthly_run_cost_usd": monthly,
            "tco_over_timeline_usd": tco,
            "timeline_months": b.timeline_months,
            "budget_total_range_usd": [b.budget.total_min_usd, b.budget.total_max_usd],
            "tco_within_total_budget": None
            if b.budget.total_max_usd is None
            else tco <= b.budget.total_max_usd,
            "budget_fit": a.budget.model_dump(mode="json") if a.budget else None,
            "provider": a.chosen.provider if a.chosen else None,
            "risks": risks,
            "roadmap": roadmap,
            "formulas": {
                "tco": "monthly run cost × timeline months (run cost only; staff excluded)"
            },
        }
        return await output(
            ctx, self.name, INSTRUCTIONS, facts, [formula("tco", facts["formulas"]["tco"])]
        )
