"""The assumptions behind each draft's figures: substitutions and defaults (warnings), and the
pricing conventions every line item rests on."""

from __future__ import annotations

from collections.abc import Iterable

from infra_mind.domain.assumption import Assumption, AssumptionKind
from infra_mind.domain.capacity import DEFAULT_HEADROOM
from infra_mind.domain.costing import HOURS_PER_MONTH
from infra_mind.domain.input import AIWorkload
from infra_mind.domain.recommendation import LineItem
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.model_choice import ApiModel, ServedModel

K = AssumptionKind
UPPER_BOUND_RATIO = 2.0
"""A stand-in more than twice the stated size is said to be an upper bound on GPUs and cost."""


def model_assumption(w: AIWorkload, s: ServedModel) -> Assumption | None:
    if s.proxy_note is None:
        return None
    params = w.model.parameters_b or 0.0
    why = s.proxy_note
    if params and s.model.params_b > params * UPPER_BOUND_RATIO:
        why += "; its accelerators and cost are an upper bound for the stated model"
    return Assumption(
        kind=K.MODEL_SUBSTITUTION,
        subject=w.name,
        stated=f"{w.model.family or 'model'} {params:g}B",
        used=f"{s.model.name} ({s.model.params_b:g}B) on accelerators",
        why=why,
        warning=True,
    )


def precision_assumption(a: Analysis, w: AIWorkload, s: ServedModel) -> Assumption:
    stated = w.precision.value if w.precision else None
    used = s.precision.value
    fallback = next((n for n in a.notes if n.startswith("in ") and " serving " in n), None)
    if stated is None:
        why = "not stated: the default, bf16, the native training precision of open models"
        if used != "bf16" and fallback:
            why = f"not stated; {fallback}"
        return Assumption(
            kind=K.PRECISION, subject=w.name, stated=None, used=used, why=why, warning=True
        )
    if stated != used:
        return Assumption(
            kind=K.PRECISION,
            subject=w.name,
            stated=stated,
            used=used,
            why=fallback or "a lower serving precision than stated",
            warning=True,
        )
    return Assumption(
        kind=K.PRECISION, subject=w.name, stated=stated, used=used, why="as stated", warning=False
    )


def latency_assumption(w: AIWorkload) -> Assumption:
    target = w.inference.p95_latency_ms if w.inference else None
    if target is None:
        return Assumption(
            kind=K.LATENCY_TARGET,
            subject=w.name,
            stated=None,
            used="none: sized for throughput at peak only",
            why="inference.p95_latency_ms not stated; the cheapest configuration may be slow",
            warning=True,
        )
    return Assumption(
        kind=K.LATENCY_TARGET,
        subject=w.name,
        stated=f"{target:g} ms",
        used=f"{target:g} ms",
        why="as stated",
        warning=False,
    )


def utilisation_assumption(w: AIWorkload) -> Assumption:
    return Assumption(
        kind=K.UTILISATION,
        subject=w.name,
        stated=None,
        used=f"{DEFAULT_HEADROOM:.0%} headroom above peak",
        why="spare capacity for bursts, node loss and rolling deploys (capacity policy)",
        warning=False,
    )


def serving_assumptions(a: Analysis, s: ServedModel) -> list[Assumption]:
    """Model, precision, latency target and headroom behind a self-hosted serving figure."""
    w = next(x for x in a.input.technical.ai_workloads if x.name == s.workload)
    found = [
        model_assumption(w, s),
        precision_assumption(a, w, s),
        latency_assumption(w),
        utilisation_assumption(w),
    ]
    return [x for x in found if x is not None]


def api_assumptions(api: ApiModel) -> list[Assumption]:
    """A hosted model other than the one named is a substitution."""
    if api.choice is None or api.choice.id.split(":", 1)[-1].lower() == api.requested:
        return []
    return [
        Assumption(
            kind=K.MODEL_SUBSTITUTION,
            subject=api.workload,
            stated=api.requested,
            used=api.choice.id,
            why=api.note,
            warning=True,
        )
    ]


def egress_assumption(a: Analysis) -> list[Assumption]:
    if a.input.technical.data.monthly_egress_tb is not None:
        return []
    return [
        Assumption(
            kind=K.DEFAULT,
            subject="egress",
            stated=None,
            used="0 GB/month",
            why="technical.data.monthly_egress_tb not stated: no internet egress is priced",
            warning=True,
        )
    ]


def pricing_assumptions(items: Iterable[LineItem]) -> list[Assumption]:
    """The conventions behind compute and managed-service prices, when the part has them."""
    kinds = {i.unit for i in items}
    out: list[Assumption] = []
    if "instance-hour" in kinds:
        out += [
            Assumption(
                kind=K.HOURS_PER_MONTH,
                subject="compute",
                stated=None,
                used=f"{HOURS_PER_MONTH} h per instance (always on)",
                why="8,760 h a year / 12, the month of the AWS, Azure and GCP calculators",
                warning=False,
            ),
            Assumption(
                kind=K.PRICING_MODEL,
                subject="compute",
                stated=None,
                used="on_demand",
                why="list prices; no 1- or 3-year commitment is assumed",
                warning=False,
            ),
        ]
    out.append(
        Assumption(
            kind=K.REGIONAL_PRICE_SOURCE,
            subject="prices",
            stated=None,
            used="catalog reference-region price × the region's multiplier (compute only)",
            why="managed services and tokens at their reference-region list price",
            warning=False,
        )
    )
    return out
