"""Cloud engineer: concrete services and instance types per provider with prices, and the comparison."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.enums import Priority
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, draft, money, output
from infra_mind.services.agents.costs import component_specs

INSTRUCTIONS = (
    "Compare the providers for a cloud architect and justify the chosen provider and region."
)


class CloudEngineerAgent:
    name = "cloud_engineer"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        comparison: list[dict[str, Any]] = []
        sources = []
        for p in a.plans:
            cost = p.option.cost
            items = [
                {
                    "item": i.description,
                    "catalog_ref": i.catalog_ref,
                    "monthly_usd": i.monthly_usd,
                    "unit_price_usd": i.unit_price_usd,
                    "unit": i.unit,
                }
                for i in (cost.line_items if cost else ())
            ]
            sources += [catalog_source(kb, i["catalog_ref"]) for i in items]
            comparison.append(
                {
                    "provider": p.provider,
                    "considered": p.provider in a.considered,
                    "region": p.option.region,
                    "monthly_usd": p.total_monthly_usd,
                    "infeasible_reason": p.infeasible_reason,
                    "instances": [f"{c.instances} × {c.fit.instance_id}" for c in p.option.serving]
                    + [f"{u.count} × {u.instance_id}" for u in p.app_tier],
                    "hosted_models": [x.note for x in p.api],
                    "prices_as_of": cost.as_of.isoformat() if cost and cost.as_of else None,
                    "line_items": items,
                }
            )
        drafts: list[DraftRecommendation] = []
        specs = component_specs(kb, a)
        if "data" in specs and a.chosen is not None:
            drafts.append(
                draft(
                    kb,
                    a,
                    key="data",
                    category="data",
                    specs=specs["data"],
                    title=f"Object storage for {a.object_storage_gb / 1000:g} TB and egress on {a.chosen.provider} ({a.chosen.option.region})",
                    summary=f"{a.object_storage_gb:g} GB-month stored, {a.egress_gb:g} GB/month egress",
                    rationale="priced at the cheapest storage service carrying the required compliance eligibility",
                    impact=0.6,
                    risk=0.15,
                    urgency=Priority.MEDIUM,
                    effort_weeks=2,
                )
            )
        facts = {
            "chosen_provider": a.chosen.provider if a.chosen else None,
            "chosen_region": a.chosen.option.region if a.chosen else None,
            "chosen_reason": a.chosen_reason,
            "chosen_monthly_usd": a.chosen.total_monthly_usd if a.chosen else None,
            "chosen_monthly": money(a.chosen.total_monthly_usd or 0.0) if a.chosen else None,
            "preferred_clouds": list(a.considered),
            "allowed_regions": sorted(a.allowed_regions),
            "region_scope_reason": a.region_scope_reason,
            "required_service_eligibility": sorted(a.flags),
            "comparison": comparison,
            "budget_fit": a.budget.model_dump(mode="json") if a.budget else None,
            "notes": list(a.notes),
        }
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
