"""AI consultant: use cases prioritised by value and feasibility; API vs self-hosted per workload."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.build_vs_buy import api_monthly_cost, compare_build_vs_buy, tokens_per_month
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, draft, formula, output
from infra_mind.services.agents.costs import component_specs

INSTRUCTIONS = (
    "Prioritise the AI use cases for a product leader and explain API versus self-hosting."
)


class AIConsultantAgent:
    name = "ai_consultant"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        b = ctx.input.business
        top_goal = max((g.priority.weight for g in b.business_goals), default=b.urgency.weight)
        specs = component_specs(kb, a)
        rows: list[dict[str, Any]] = []
        drafts: list[DraftRecommendation] = []
        for w in ctx.input.technical.ai_workloads:
            key = f"serving:{w.name}"
            feasible = key in specs
            value = top_goal / 4
            score = value * (1.0 if feasible else 0.3)
            row: dict[str, Any] = {
                "workload": w.name,
                "use_case": w.use_case.value,
                "value": value,
                "feasible": feasible,
                "priority_score": score,
                "mode": "self_hosted" if w.model.self_hosted else "api",
            }
            if a.chosen is not None and w.model.self_hosted and w.inference is not None:
                cheapest_api = min(
                    (m for m in kb.hosted_models_for(cloud_provider=a.chosen.provider)),
                    key=lambda m: (m.input_usd_per_1m, m.id),
                    default=None,
                )
                serving = next(
                    (
                        c
                        for c in a.chosen.option.serving
                        if any(
                            s.workload == w.name and s.model.id == c.requirement.model_id
                            for s in a.served
                        )
                    ),
                    None,
                )
                if cheapest_api is not None and serving is not None and a.chosen.option.region:
                    inf = w.inference
                    api = api_monthly_cost(
                        kb,
                        cheapest_api.id,
                        tokens_per_month(inf.requests_per_s_avg, inf.input_tokens_per_request),
                        tokens_per_month(inf.requests_per_s_avg, inf.output_tokens_per_request),
                    )
                    hosted = specs[key]
                    from infra_mind.services.agents.costs import price

                    own = sum(i.monthly_usd for i in price(kb, hosted).line_items)
                    bvb = compare_build_vs_buy(api, own)
                    row["build_vs_buy"] = {
                        "api_model": cheapest_api.id,
                        "api_monthly_usd": api.total_monthly_usd,
                        "self_hosted_monthly_usd": own,
                        "cheaper": bvb.cheaper,
                        "breakeven_traffic_multiple": bvb.breakeven_traffic_multiple,
                    }
            rows.append(row)
            if not w.model.self_hosted and feasible and a.chosen is not None:
                api_choice = next(x for x in a.chosen.api if x.workload == w.name)
                drafts.append(
                    draft(
                        kb,
                        a,
                        key=key,
                        category="model_serving",
                        specs=specs[key],
                        title=f"Use {api_choice.choice.id if api_choice.choice else w.model.api_model} for {w.name}",
                        summary=f"{api_choice.note}; {api_choice.input_tokens:.4g} input and {api_choice.output_tokens:.4g} output tokens a month",
                        rationale="hosted API within residency and compliance: no GPU fleet to run at this traffic",
                        impact=0.9,
                        risk=0.2,
                        urgency=b.urgency,
                        effort_weeks=2,
                    )
                )
        rows.sort(key=lambda r: (-r["priority_score"], r["workload"]))
        facts = {
            "use_cases": rows,
            "formulas": {"priority_score": "max goal priority / 4 × (1 if feasible else 0.3)"},
        }
        return await output(
            ctx,
            self.name,
            INSTRUCTIONS,
            facts,
            [formula("priority_score", facts["formulas"]["priority_score"])],
            drafts,
        )
