"""Precision fallback: a lower serving precision if the stated one is infeasible or over budget."""

from __future__ import annotations

from dataclasses import replace

from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.money import usd
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.budgeting import trim_to_budget
from infra_mind.services.agents.deployment import analyse_at

QUANTISATION_FALLBACKS = (Precision.FP8, Precision.INT8, Precision.INT4)
"""Tried, in this order, only when no provider can serve the stated precision within latency."""


def analyse(kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
    """The analysis at the stated precision. When nothing is feasible there, the first lower
    serving precision that is; when the stated precision is feasible but its required parts are
    over budget, the first lower precision whose required parts fit. Either deviation is stated
    in ``notes``. Optional parts are then dropped while the whole plan exceeds the budget."""
    return trim_to_budget(_at_precision(kb, data))


def _precision_words(a: Analysis) -> tuple[str, str]:
    """(the precisions served, how they were set): "as stated" only for stated ones."""
    precisions = ", ".join(sorted({s.precision.value for s in a.served}))
    assumed = any(s.precision_assumed for s in a.served)
    return precisions, "the default, as no precision was stated" if assumed else "as stated"


def _at_precision(kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
    base = analyse_at(kb, data, None)
    if not base.served:
        return base
    stated, how = _precision_words(base)
    if base.chosen is None:
        if any(s.undersized_reason for s in base.served):
            return base  # no precision makes a too-small stand-in a plan for the stated model
        for precision in QUANTISATION_FALLBACKS:
            alt = analyse_at(kb, data, precision)
            if alt.chosen is not None:
                note = (
                    f"in {stated} ({how}) no catalog instance meets the latency target on any "
                    f"provider ({base.plans[0].infeasible_reason}); serving is planned in "
                    f"{precision.value} instead, which halves or better the bytes read per token"
                )
                return replace(alt, notes=(note, *alt.notes))
        return base
    if base.budget is None or base.budget.status == "fits":
        return base
    tried: list[str] = []
    for precision in QUANTISATION_FALLBACKS:
        alt = analyse_at(kb, data, precision)
        if alt.budget is not None:
            tried.append(f"{precision.value} {usd(alt.budget.total_monthly_usd)}")
        if alt.budget is not None and alt.budget.status == "fits":
            note = (
                f"in {stated} ({how}) the required parts of the deployment cost "
                f"{usd(base.budget.total_monthly_usd)}/month, {usd(base.budget.gap_usd)} over the "
                f"budget; serving in {precision.value} costs {usd(alt.budget.total_monthly_usd)} "
                f"and fits (weights and prefill FLOPs at {precision.bytes_per_param:g} "
                "byte/param): validate answer quality on an evaluation set before rollout"
            )
            return replace(alt, notes=(note, *alt.notes))
    note = (
        f"in {stated} ({how}) the required parts of the deployment are "
        f"{usd(base.budget.gap_usd)}/month over the budget and no lower serving precision fits "
        f"it either (per month: {'; '.join(tried)}); kept {stated}, {how}"
    )
    return replace(base, notes=(note, *base.notes))
