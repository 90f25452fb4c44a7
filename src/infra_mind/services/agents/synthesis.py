"""Synthesis: merge the analysts' drafts into ranked, costed, compliance-checked recommendations."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.costing import check_budget
from infra_mind.domain.fact_rows import BuyAlternativeRow, ExcludedRow, RankingRow, SchedulePlan
from infra_mind.domain.facts import AIConsultantFacts, SynthesisFacts
from infra_mind.domain.input import Team
from infra_mind.domain.money import cents
from infra_mind.domain.money import total as money_total
from infra_mind.domain.recommendation import Scores
from infra_mind.domain.results import AgentOutput
from infra_mind.domain.workflow import ANALYSTS, SYNTHESIS, AgentRole
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.repositories import RecommendationRepository
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.bundles import BundleBuilder
from infra_mind.services.agents.common import analysis_of, output
from infra_mind.services.agents.eligibility import ineligible_services
from infra_mind.services.agents.feasibility_check import infeasible, judged
from infra_mind.services.agents.merge import (
    Candidate,
    merge_drafts,
    provider_exclusions,
    screen,
)
from infra_mind.services.agents.ranking import RANKING_FORMULA, rank
from infra_mind.services.agents.schedule import PLAN_FORMULA, Schedule, schedule
from infra_mind.services.agents.work import PERSON_DAYS, WORK_FORMULA, WorkItem

INSTRUCTIONS = (
    "Summarise the ranked plan, its total cost against the budget, what was excluded and why, "
    "and what is missing."
)


def schedule_of(c: Candidate, team: Team) -> Schedule:
    work = [WorkItem(**w) for w in c.draft.data.get("work", [])]
    return schedule(work, team, c.draft.category, c.draft.title)


def ranking_facts(
    ranked: list[tuple[Scores, Candidate]], plans: list[Schedule]
) -> list[RankingRow]:
    return [
        RankingRow(
            rank=i,
            key=c.draft.key,
            title=c.draft.title,
            score=s.total,
            monthly_usd=c.monthly_usd,
            plan=SchedulePlan.model_validate(
                plan.as_fact() | {"work": c.draft.data.get("work", [])}
            ),
        )
        for i, ((s, c), plan) in enumerate(zip(ranked, plans, strict=True), 1)
    ]


def buy_alternatives(ctx: AgentContext, total: float, budget: float) -> list[BuyAlternativeRow]:
    """Hosted-API options the AI consultant found cheaper than self-hosting, each with
    the plan total it would give: ``total − self_hosted_monthly + api_monthly``."""
    found: list[BuyAlternativeRow] = []
    consultant = ctx.facts(AgentRole.AI_CONSULTANT.value, AIConsultantFacts)
    for case in consultant.use_cases if consultant is not None else []:
        bvb = case.build_vs_buy
        if bvb is None or bvb.cheaper != "api":
            continue
        alt_total = cents(total - bvb.self_hosted_monthly_usd + bvb.api_monthly_usd)
        found.append(
            BuyAlternativeRow(
                workload=case.workload,
                api_model=bvb.api_model,
                api_monthly_usd=bvb.api_monthly_usd,
                self_hosted_monthly_usd=bvb.self_hosted_monthly_usd,
                plan_total_monthly_usd=alt_total,
                fits_budget=alt_total <= budget,
                formula="plan total − self-hosted serving + hosted API cost",
                caveat="a different model: validate its quality on your data before switching",
            )
        )
    return found


def alternative_notes(alternatives: list[BuyAlternativeRow], over_budget: bool) -> list[str]:
    return [
        f"buying instead of building {alt.workload}: {alt.api_model} at "
        f"{alt.api_monthly_usd:,.0f} USD/month instead of "
        f"{alt.self_hosted_monthly_usd:,.0f} self-hosted would bring the plan to "
        f"{alt.plan_total_monthly_usd:,.0f} USD/month"
        + (" — within the budget" if alt.fits_budget else "")
        + f" ({alt.caveat})"
        for alt in alternatives
        if over_budget or alt.fits_budget
    ]


class SynthesisAgent:
    name = SYNTHESIS
    reads: ClassVar[tuple[str, ...]] = ANALYSTS

    def __init__(
        self, recommendations: RecommendationRepository, ids: IdGenerator, clock: Clock
    ) -> None:
        self._repo, self._ids, self._clock = recommendations, ids, clock

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        b = ctx.input.business
        budget = b.budget.monthly_limit_usd
        missing = [n for n in ANALYSTS if not (ctx.upstream.get(n) and ctx.upstream[n].ok)]
        kept, excluded = screen(kb, a, merge_drafts(ctx.upstream, ANALYSTS))
        excluded += [ExcludedRow(key=t.key, reason=t.reason) for t in a.trimmed]
        excluded += provider_exclusions(a)
        total = money_total(c.monthly_usd for c in kept)
        fit = check_budget(total, budget)
        ranked = rank(kept, budget)
        plans = [schedule_of(c, b.team) for _, c in ranked]
        alternatives = buy_alternatives(ctx, total, budget)
        if kept:
            feasibility = judged(total, budget, alternatives, missing)
        else:
            feasibility = await ctx.offload(lambda: infeasible(kb, a, excluded, missing))
        ineligible = ineligible_services(kb, a)
        builder = BundleBuilder(self._ids, ctx.tenant_id, ctx.assessment.id, a, ineligible, budget)
        now = self._clock.now()
        bundles = [
            builder.bundle(i, s, c, plan, now)
            for i, ((s, c), plan) in enumerate(zip(ranked, plans, strict=True), 1)
        ]
        await self._repo.replace_for(ctx.tenant_id, ctx.assessment.id, bundles)
        facts = SynthesisFacts(
            feasibility=feasibility,
            total_monthly_usd=total,
            budget_monthly_usd=budget,
            budget_fit=fit,
            provider=a.chosen.provider if a.chosen else None,
            region=a.chosen.option.region if a.chosen else None,
            regions=list(a.chosen.regions) if a.chosen else [],
            ranking=ranking_facts(ranked, plans),
            ranking_formula=RANKING_FORMULA,
            plan_formula=PLAN_FORMULA,
            work_formula=WORK_FORMULA,
            work_person_days=PERSON_DAYS,
            excluded=excluded,
            missing_agents=missing,
            buy_alternatives=alternatives,
            notes=[*a.notes, *alternative_notes(alternatives, fit.status != "fits")],
        )
        return await output(ctx, self.name, INSTRUCTIONS, facts, [])
