"""The plan's total from its priced parts, against the budget; optional parts dropped to fit."""

from __future__ import annotations

from dataclasses import replace

from infra_mind.domain.costing import check_budget
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.money import total, usd
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.costs import plan_parts
from infra_mind.services.agents.part import Trim
from infra_mind.services.agents.provider_plan import ProviderPlan


def with_parts(kb: KnowledgeBase, a: Analysis) -> Analysis:
    """The analysis with its parts priced; ``budget`` compares the required parts (everything
    but optional ones such as a warm standby) with the monthly budget."""
    if a.chosen is None:
        return replace(a, parts=(), budget=None)
    parts = plan_parts(kb, a)
    required = total(p.monthly_usd for p in parts if not p.optional)
    limit = a.input.business.budget.monthly_limit_usd
    return replace(a, parts=parts, budget=check_budget(required, limit))


def trim_to_budget(a: Analysis) -> Analysis:
    """Every part when the whole fits the budget; otherwise optional parts are dropped, in key
    order, while the plan exceeds it (each with what it saves). ``budget`` is then the final
    plan's total: the same figure every agent and synthesis report."""
    if a.chosen is None:
        return a
    limit = a.input.business.budget.monthly_limit_usd
    kept, trims = list(a.parts), []
    running = total(p.monthly_usd for p in kept)
    for p in sorted(a.parts, key=lambda p: p.key):
        if running > limit and p.optional:
            kept.remove(p)
            trims.append(
                Trim(
                    p.key,
                    f"optional and the plan exceeds the {usd(limit)} budget; "
                    f"saves {usd(p.monthly_usd)}",
                )
            )
            running = total(x.monthly_usd for x in kept)
    return replace(a, parts=tuple(kept), trimmed=tuple(trims), budget=check_budget(running, limit))


def whole_plan(kb: KnowledgeBase, a: Analysis, p: ProviderPlan) -> ProviderPlan:
    """``p`` with every part priced as if it were chosen (optional parts dropped to fit the
    budget, as for the chosen one) and its total the sum of those parts: providers are compared
    on everything the plan costs, not on serving alone."""
    if p.total_monthly_usd is None:
        return p
    view = trim_to_budget(with_parts(kb, replace(a, chosen=p)))
    assert view.budget is not None
    return replace(p, parts=view.parts, total_monthly_usd=view.budget.total_monthly_usd)
