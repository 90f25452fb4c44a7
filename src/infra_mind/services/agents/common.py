"""Helpers every analyst shares: narration into an AgentOutput, sources, draft building."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from infra_mind.domain.assumption import Assumption
from infra_mind.domain.enums import CloudProvider, Priority
from infra_mind.domain.facts import Facts
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.money import usd
from infra_mind.domain.results import AgentOutput, DraftRecommendation, SourceRef
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.assumptions import pricing_assumptions
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.part import Part
from infra_mind.services.agents.schedule import DAYS_PER_WEEK
from infra_mind.services.agents.work import WorkItem, person_days, work_items


def analysis_of(ctx: AgentContext) -> Analysis:
    return ctx.analysis()


def catalog_source(kb: KnowledgeBase, catalog_ref: str, detail: str | None = None) -> SourceRef:
    cited = kb.citation(catalog_ref)
    return SourceRef(
        kind="catalog", ref=catalog_ref, as_of=cited.as_of, source=str(cited.source), detail=detail
    )


def formula(name: str, detail: str) -> SourceRef:
    return SourceRef(kind="formula", ref=name, detail=detail)


def user_text(ctx: AgentContext) -> dict[str, str]:
    """The input's free text, passed to the narrator only as escaped data."""
    b, t = ctx.input.business, ctx.input.technical
    text = {"title": ctx.assessment.title, "company": b.company_name}
    for i, g in enumerate(b.business_goals):
        text[f"goal_{i}"] = g.goal
    for w in t.ai_workloads:
        if w.description:
            text[f"workload_{w.name}"] = w.description
    if t.current_services:
        text["current_services"] = "; ".join(t.current_services)
    return text


async def output(
    ctx: AgentContext,
    agent: str,
    instructions: str,
    facts: Facts,
    sources: Iterable[SourceRef],
    drafts: Sequence[DraftRecommendation] = (),
) -> AgentOutput:
    data = facts.model_dump(mode="json")
    narration = await ctx.narrator.narrate(
        tenant_id=ctx.tenant_id,
        assessment_id=ctx.assessment.id,
        agent=agent,
        instructions=instructions + " Restate figures exactly as given; add no new numbers.",
        facts=data,
        user_text=user_text(ctx),
    )
    return AgentOutput(
        facts=data,
        sources=list(dict.fromkeys(sources)),
        narrative=narration.text,
        recommendations=list(drafts),
        narrative_provider=narration.provider,
        narrative_model=narration.model,
        llm_notes=narration.notes,
        llm_tokens=narration.tokens,
        llm_cost_usd=narration.cost_usd,
    )


def draft(
    kb: KnowledgeBase,
    a: Analysis,
    *,
    key: str,
    title: str,
    category: str,
    summary: str,
    rationale: str,
    part: Part,
    impact: float,
    risk: float,
    urgency: Priority,
    extra_work: Sequence[WorkItem] = (),
    assumptions: Sequence[Assumption] = (),
) -> DraftRecommendation:
    """A draft of one priced part; regions and services named so synthesis can re-check them;
    its work measured from the part's specs (plus ``extra_work`` the specs cannot show); its
    ``assumptions`` followed by the pricing conventions of its line items."""
    priced, specs = part.priced, part.specs
    primary = a.chosen.option.region if a.chosen else None
    work = [*work_items(kb, specs, primary), *extra_work]
    regions = sorted(
        {s["request"]["region"] for s in specs if s["kind"] == "infra"}
        | {s["region"] for s in specs if s["kind"] == "training"}
    )
    refs = list(dict.fromkeys(i.catalog_ref for i in priced.line_items))
    return DraftRecommendation(
        key=key,
        title=title,
        category=category,
        summary=summary,
        rationale=rationale,
        provider=CloudProvider(a.chosen.provider) if a.chosen else None,
        impact=impact,
        risk=risk,
        urgency=urgency,
        effort_weeks=person_days(work) / DAYS_PER_WEEK,
        regions=regions,
        services=[r for r in refs if r.startswith("service:") or r.startswith("hosted_model:")],
        sources=[catalog_source(kb, r) for r in [*refs, *(ref("region", r) for r in regions)]],
        assumptions=[*assumptions, *pricing_assumptions(priced.line_items)],
        data={
            "cost_specs": specs,
            "optional": part.optional,
            "work": [w.as_fact() for w in work],
            "monthly_usd": priced.monthly_usd,
        },
    )


def money(value: float) -> str:
    return usd(value)
