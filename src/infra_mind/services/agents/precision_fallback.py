"""Precision fallback: a lower serving precision if the stated one is infeasible or over budget."""

from __future__ import annotations

from dataclasses import replace

from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.deployment import analyse_at

QUANTISATION_FALLBACKS = (Precision.FP8, Precision.INT8, Precision.INT4)
"""Tried, in this order, only when no provider can serve the stated precision within latency."""


def analyse(kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
    """The analysis at the stated precision. When nothing is feasible there, the first lower
    serving precision that is; when the stated precision is feasible but over budget, the first
    lower precision that fits the budget. Either deviation is stated in ``notes``."""
    base = analyse_at(kb, data, None)
    if not base.served:
        return base
    if base.chosen is None:
        for precision in QUANTISATION_FALLBACKS:
            alt = analyse_at(kb, data, precision)
            if alt.chosen is not None:
                note = (
                    f"at the stated precision no catalog instance meets the latency target on "
                    f"any provider ({base.plans[0].infeasible_reason}); serving is planned in "
                    f"{precision.value} instead, which halves or better the bytes read per token"
                )
                return replace(alt, notes=(note, *alt.notes))
        return base
    if base.budget is None or base.budget.status == "fits":
        return base
    stated = ", ".join(sorted({s.precision.value for s in base.served}))
    tried: list[str] = []
    for precision in QUANTISATION_FALLBACKS:
        alt = analyse_at(kb, data, precision)
        if alt.budget is not None:
            tried.append(f"{precision.value} {alt.budget.total_monthly_usd:,.0f}")
        if alt.budget is not None and alt.budget.status == "fits":
            note = (
                f"in {stated} the deployment costs {base.budget.total_monthly_usd:,.0f} USD/month, "
                f"{base.budget.gap_usd:,.0f} over the budget; serving in {precision.value} costs "
                f"{alt.budget.total_monthly_usd:,.0f} and fits (weights and prefill FLOPs at "
                f"{precision.bytes_per_param:g} byte/param): validate answer quality on an "
                "evaluation set before rollout"
            )
            return replace(alt, notes=(note, *alt.notes))
    note = (
        f"in {stated} the deployment is {base.budget.gap_usd:,.0f} USD/month over the budget and "
        f"no lower serving precision fits it either (USD/month: {'; '.join(tried)}); kept "
        f"{stated} as stated"
    )
    return replace(base, notes=(note, *base.notes))
