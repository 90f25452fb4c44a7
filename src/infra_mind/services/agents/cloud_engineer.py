"""Cloud engineer: services and instance types per provider with prices, and the comparison."""

from __future__ import annotations

from typing import Any, ClassVar

from infra_mind.domain.enums import Priority
from infra_mind.domain.fact_rows import LineItemRow, ProviderComparisonRow
from infra_mind.domain.facts import CloudEngineerFacts
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.results import AgentOutput, DraftRecommendation, SourceRef
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.assumptions import egress_assumption
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, draft, money, output
from infra_mind.services.agents.part import Part
from infra_mind.services.agents.provider_plan import ProviderPlan

INSTRUCTIONS = (
    "Compare the providers for a cloud architect and justify the chosen provider and region."
)


def comparison_row(a: Analysis, p: ProviderPlan) -> ProviderComparisonRow:
    """One provider's whole plan: every part (serving, hosted-model tokens, platform, security,
    data, training, standby) with its line items; ``monthly_usd`` is their sum."""
    cost = p.option.cost
    items = [
        LineItemRow(
            part=part.key,
            item=i.description,
            catalog_ref=i.catalog_ref,
            quantity=i.quantity,
            unit=i.unit,
            unit_price_usd=i.unit_price_usd,
            monthly_usd=i.monthly_usd,
        )
        for part in p.parts
        for i in part.priced.line_items
    ]
    instances = [
        f"{c.instances} × {c.fit.instance_id} ({site.region})"
        for site in p.sites
        for c in site.option.serving
    ]
    instances += [
        f"{u.count} × {u.instance_id} ({site.region})" for site in p.sites for u in site.app_tier
    ]
    return ProviderComparisonRow(
        provider=p.provider,
        considered=p.provider in a.considered,
        region=p.option.region,
        regions=list(p.regions),
        monthly_usd=p.total_monthly_usd,
        parts={part.key: part.monthly_usd for part in p.parts},
        infeasible_reason=p.infeasible_reason,
        instances=instances,
        hosted_models=[x.note for x in p.api],
        prices_as_of=cost.as_of.isoformat() if cost and cost.as_of else None,
        line_items=items,
    )


def plan_sources(kb: KnowledgeBase, p: ProviderPlan) -> list[SourceRef]:
    return [catalog_source(kb, i.catalog_ref) for part in p.parts for i in part.priced.line_items]


def data_draft(kb: KnowledgeBase, a: Analysis, part: Part) -> DraftRecommendation:
    assert a.chosen is not None
    where = f"{a.chosen.provider} ({', '.join(a.chosen.regions)})"
    return draft(
        kb,
        a,
        key="data",
        category="data",
        part=part,
        title=f"Object storage for {a.object_storage_gb / 1000:g} TB and egress on {where}",
        summary=f"{a.object_storage_gb:g} GB-month stored, {a.egress_gb:g} GB/month egress",
        rationale=(
            "priced at the cheapest storage service carrying the required compliance eligibility"
        ),
        impact=0.6,
        risk=0.15,
        urgency=Priority.MEDIUM,
        assumptions=egress_assumption(a),
    )


def chosen_facts(a: Analysis) -> dict[str, Any]:
    """The choice of cloud and its plan total (fields of CloudEngineerFacts)."""
    c = a.chosen
    return {
        "chosen_provider": c.provider if c else None,
        "chosen_region": c.option.region if c else None,
        "chosen_reason": a.chosen_reason,
        "chosen_regions": list(c.regions) if c else [],
        "distribution": a.distribution,
        **a.choice.facts(),
        "chosen_monthly_usd": a.budget.total_monthly_usd if a.budget else None,
        "chosen_monthly": money(a.budget.total_monthly_usd) if a.budget else None,
    }


class CloudEngineerAgent:
    name = AgentRole.CLOUD_ENGINEER.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        data = a.part("data")
        drafts = [data_draft(kb, a, data)] if data is not None else []
        facts = CloudEngineerFacts(
            **chosen_facts(a),
            preferred_clouds=list(a.considered),
            allowed_regions=sorted(a.allowed_regions),
            region_scope_reason=a.region_scope_reason,
            required_service_eligibility=sorted(a.flags),
            comparison=[comparison_row(a, p) for p in a.plans],
            budget_fit=a.budget,
            notes=list(a.notes),
        )
        sources = [s for p in a.plans for s in plan_sources(kb, p)]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
