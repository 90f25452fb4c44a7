"""Synthesis's verdict on the request: feasible, over budget, or infeasible with the closest
option and what would make it feasible."""

from __future__ import annotations

from infra_mind.domain.fact_rows import BuyAlternativeRow, ExcludedRow
from infra_mind.domain.feasibility import Feasibility, FeasibilityStatus, Remedy, budget_remedy
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.money import usd
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.relaxation import closest_option


def infeasible(
    kb: KnowledgeBase, a: Analysis, excluded: list[ExcludedRow], missing: list[str]
) -> Feasibility:
    """No recommendation survived: why (per provider, per excluded part, failed agents), and the
    closest option of the request relaxed. Runs the analysis again, so call it off the loop."""
    unservable = list(dict.fromkeys(s.undersized_reason for s in a.served if s.undersized_reason))
    reasons = [*unservable]
    if a.chosen is None:
        reasons.append(a.chosen_reason)
    for e in excluded:
        why = e.reason
        for u in unservable:  # said once above, not once per provider
            why = why.replace(f"{u}; ", "").replace(u, "")
        reasons.append(f"{e.key}: {why}")
    if missing:
        reasons.append(f"agents that failed and proposed nothing: {', '.join(missing)}")
    closest, remedies, blocked = closest_option(kb, a) if a.chosen is None else (None, [], [])
    return Feasibility(
        status=FeasibilityStatus.INFEASIBLE,
        reasons=list(dict.fromkeys([*reasons, *blocked])),
        closest=closest,
        remedies=remedies,
    )


def judged(
    total: float, budget: float, alternatives: list[BuyAlternativeRow], missing: list[str]
) -> Feasibility:
    """A plan exists: within the budget, or over it with the budget it needs and the hosted
    models that would bring it within."""
    incomplete = (
        [f"incomplete: {', '.join(missing)} failed; their parts are not in the plan or the total"]
        if missing
        else []
    )
    if total <= budget:
        return Feasibility(
            status=FeasibilityStatus.FEASIBLE,
            reasons=[
                f"the plan costs {usd(total)}/month, {usd(budget - total)} under the "
                f"{usd(budget)} budget",
                *incomplete,
            ],
        )
    remedies = [budget_remedy(total, budget)]
    remedies += [
        Remedy(
            kind="hosted_model",
            change=(
                f"{alt.workload}: {alt.api_model} as a hosted model instead of self-hosting "
                f"brings the plan to {usd(alt.plan_total_monthly_usd)}/month ({alt.caveat})"
            ),
            value=alt.plan_total_monthly_usd,
            unit="USD/month",
        )
        for alt in alternatives
        if alt.fits_budget
    ]
    return Feasibility(
        status=FeasibilityStatus.OVER_BUDGET,
        reasons=[
            f"the plan costs {usd(total)}/month, {usd(total - budget)} over the {usd(budget)} "
            "budget",
            *incomplete,
        ],
        remedies=remedies,
    )
