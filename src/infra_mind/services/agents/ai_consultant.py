"""AI consultant: use cases by value and feasibility; API vs self-hosted per workload."""

from __future__ import annotations

from typing import Any, ClassVar

from infra_mind.domain.build_vs_buy import api_monthly_cost, compare_build_vs_buy, tokens_per_month
from infra_mind.domain.facts import AIConsultantFacts, BuildVsBuyFacts, UseCaseFacts
from infra_mind.domain.input import AIWorkload
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import HostedModel
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.assumptions import api_assumptions
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, draft, formula, output
from infra_mind.services.agents.costs import price
from infra_mind.services.agents.part import Part

INSTRUCTIONS = (
    "Prioritise the AI use cases for a product leader and explain API versus self-hosting."
)
PRIORITY_FORMULA = "max goal priority / 4 × (1 if feasible else 0.3)"
INFEASIBLE_DISCOUNT = 0.3
"""A use case with no feasible deployment keeps 30 % of its value in the ranking: still worth
discussing, never ahead of one that can be built."""


def cheapest_hosted(kb: KnowledgeBase, a: Analysis) -> HostedModel | None:
    """The chosen provider's hosted model with the lowest input-token price."""
    if a.chosen is None:
        return None
    return min(
        kb.hosted_models_for(cloud_provider=a.chosen.provider),
        key=lambda m: (m.input_usd_per_1m, m.id),
        default=None,
    )


def build_vs_buy(
    kb: KnowledgeBase, a: Analysis, w: AIWorkload, own_specs: list[dict[str, Any]]
) -> BuildVsBuyFacts | None:
    """Self-hosted serving cost against the cheapest hosted model at the same token volume."""
    api_model = cheapest_hosted(kb, a)
    served = any(s.workload == w.name for s in a.served)
    if api_model is None or w.inference is None or not served:
        return None
    inf = w.inference
    api = api_monthly_cost(
        kb,
        api_model.id,
        tokens_per_month(inf.requests_per_s_avg, inf.input_tokens_per_request),
        tokens_per_month(inf.requests_per_s_avg, inf.output_tokens_per_request),
    )
    own = price(kb, own_specs).monthly_usd
    verdict = compare_build_vs_buy(api, own)
    return BuildVsBuyFacts(
        api_model=api_model.id,
        api_monthly_usd=api.total_monthly_usd,
        self_hosted_monthly_usd=own,
        cheaper=verdict.cheaper,
        breakeven_traffic_multiple=verdict.breakeven_traffic_multiple,
    )


def use_case_row(
    kb: KnowledgeBase,
    a: Analysis,
    w: AIWorkload,
    specs: dict[str, list[dict[str, Any]]],
    top_goal: int,
) -> UseCaseFacts:
    key = f"serving:{w.name}"
    feasible = key in specs
    value = top_goal / 4
    comparison = None
    if feasible and w.model.self_hosted and a.chosen is not None and a.chosen.option.region:
        comparison = build_vs_buy(kb, a, w, specs[key])
    return UseCaseFacts(
        workload=w.name,
        use_case=w.use_case.value,
        value=value,
        feasible=feasible,
        priority_score=value * (1.0 if feasible else INFEASIBLE_DISCOUNT),
        mode="self_hosted" if w.model.self_hosted else "api",
        build_vs_buy=comparison,
    )


def api_draft(ctx: AgentContext, a: Analysis, w: AIWorkload, part: Part) -> DraftRecommendation:
    assert a.chosen is not None
    choice = next(x for x in a.chosen.api if x.workload == w.name)
    model = choice.choice.id if choice.choice else w.model.api_model
    return draft(
        ctx.knowledge,
        a,
        key=f"serving:{w.name}",
        category="model_serving",
        part=part,
        title=f"Use {model} for {w.name}",
        summary=(
            f"{choice.note}; {choice.input_tokens:.4g} input and "
            f"{choice.output_tokens:.4g} output tokens a month"
        ),
        rationale=(
            "hosted API within residency and compliance: no GPU fleet to run at this traffic"
        ),
        impact=0.9,
        risk=0.2,
        urgency=ctx.input.business.urgency,
        assumptions=api_assumptions(choice),
    )


class AIConsultantAgent:
    name = AgentRole.AI_CONSULTANT.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        b = ctx.input.business
        top_goal = max((g.priority.weight for g in b.business_goals), default=b.urgency.weight)
        specs = a.specs()
        workloads = ctx.input.technical.ai_workloads
        rows = [use_case_row(kb, a, w, specs, top_goal) for w in workloads]
        rows.sort(key=lambda r: (-r.priority_score, r.workload))
        drafts = [
            api_draft(ctx, a, w, part)
            for w in workloads
            if not w.model.self_hosted and (part := a.part(f"serving:{w.name}")) is not None
        ]
        facts = AIConsultantFacts(use_cases=rows, formulas={"priority_score": PRIORITY_FORMULA})
        sources = [formula("priority_score", PRIORITY_FORMULA)]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
