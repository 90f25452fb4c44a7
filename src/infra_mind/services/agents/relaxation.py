"""What would make an infeasible request feasible: the request relaxed step by step (a model the
catalog can size, then the fastest latency target the catalog can meet), analysed again; the
cheapest plan of the relaxed request is the closest option."""

from __future__ import annotations

import math
from typing import Any

from infra_mind.domain.enums import Precision
from infra_mind.domain.feasibility import ClosestOption, Remedy, budget_remedy
from infra_mind.domain.input import AIWorkload, AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import OpenModel
from infra_mind.domain.money import usd
from infra_mind.domain.planning import serving_configs
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.model_choice import (
    DEFAULT_PRECISION,
    resolve_open_model,
    serving_requirement,
    undersized,
)
from infra_mind.services.agents.precision_fallback import QUANTISATION_FALLBACKS, analyse
from infra_mind.services.agents.provider_planning import MAX_BATCH_SIZE


def precisions_for(w: AIWorkload) -> list[Precision]:
    """The workload's precision and the lower ones the precision fallback may choose."""
    first = w.precision or DEFAULT_PRECISION
    return [
        first,
        *(p for p in QUANTISATION_FALLBACKS if p.bytes_per_param < first.bytes_per_param),
    ]


def fastest_p95_ms(
    kb: KnowledgeBase, w: AIWorkload, model: OpenModel, regions: frozenset[str]
) -> float | None:
    """The lowest p95 any catalog instance offered in ``regions`` reaches for the workload's
    traffic, over batch sizes, tensor-parallel degrees and the precisions it may be served in;
    None when no instance there holds the model at all."""
    best: float | None = None
    for precision in precisions_for(w):
        req = serving_requirement(w, model, precision, MAX_BATCH_SIZE)
        for inst in kb.instances_for(kind="gpu"):
            if not regions & set(inst.regions):
                continue
            for c in serving_configs(kb, req, inst.id):
                if best is None or c.capacity.p95_latency_ms < best:
                    best = c.capacity.p95_latency_ms
    return best


def relax_model(kb: KnowledgeBase, w: AIWorkload, doc: dict[str, Any]) -> Remedy | None:
    """A model the catalog can size in place of one no stand-in can represent."""
    params = w.model.parameters_b
    if params is None:
        return None
    model, _ = resolve_open_model(kb, w)
    if not undersized(model, params):
        return None
    doc["model"] |= {"family": model.family, "parameters_b": model.params_b}
    return Remedy(
        kind="smaller_model",
        change=(
            f"{w.name}: a model of at most {model.params_b:g}B such as {model.name} (the largest "
            f"the catalog can size) instead of {params:g}B"
        ),
        value=model.params_b,
        unit="B parameters",
    )


def relax_latency(
    kb: KnowledgeBase, w: AIWorkload, regions: frozenset[str], doc: dict[str, Any]
) -> tuple[Remedy | None, bool]:
    """(a looser p95 target the catalog can meet, whether the model fits any instance at all)."""
    target = w.inference.p95_latency_ms if w.inference else None
    model, _ = resolve_open_model(kb, w)
    fastest = fastest_p95_ms(kb, w, model, regions)
    if fastest is None:
        return None, False
    if target is None or fastest <= target:
        return None, True
    looser = float(math.ceil(fastest))
    doc["inference"] |= {"p95_latency_ms": looser}
    return (
        Remedy(
            kind="latency_target",
            change=(
                f"{w.name}: a p95 latency target of {looser:g} ms instead of {target:g} ms (the "
                f"fastest catalog configuration for {model.name} in the allowed regions)"
            ),
            value=looser,
            unit="ms",
        ),
        True,
    )


def relaxed_request(
    kb: KnowledgeBase, a: Analysis
) -> tuple[AssessmentInput | None, list[Remedy], list[str]]:
    """The input with every remedy applied (None when no remedy can make it sizeable), the
    remedies, and what stays unfixable."""
    doc = a.input.model_dump(mode="json")
    remedies: list[Remedy] = []
    blocked: list[str] = []
    for i, w in enumerate(a.input.technical.ai_workloads):
        if not w.model.self_hosted or w.inference is None:
            continue
        wdoc = doc["technical"]["ai_workloads"][i]
        model_remedy = relax_model(kb, w, wdoc)
        if model_remedy is not None:
            remedies.append(model_remedy)
        relaxed = AIWorkload.model_validate(wdoc)
        latency, fits = relax_latency(kb, relaxed, a.allowed_regions, wdoc)
        if latency is not None:
            remedies.append(latency)
        if not fits:
            blocked.append(f"{w.name}: no catalog instance in the allowed regions holds the model")
    if blocked or not remedies:
        return None, remedies, blocked
    return AssessmentInput.model_validate(doc), remedies, blocked


def closest_option(
    kb: KnowledgeBase, a: Analysis
) -> tuple[ClosestOption | None, list[Remedy], list[str]]:
    """The cheapest plan of the relaxed request, what it misses of the request as stated, and
    the remedies (with a larger budget when that plan exceeds the budget)."""
    relaxed, remedies, blocked = relaxed_request(kb, a)
    if relaxed is None:
        return None, remedies, blocked
    r = analyse(kb, relaxed)
    if r.chosen is None or r.budget is None:
        return None, remedies, [*blocked, f"even relaxed: {r.chosen_reason}"]
    served = [
        f"{s.model.name} in {s.precision.value} for {s.workload}"
        + "".join(
            f" on {c.instances} × {c.fit.instance_id} (p95 {c.capacity.p95_latency_ms:.0f} ms)"
            for c in r.chosen.option.serving
            if c.requirement.model_id == s.model.id
        )
        for s in r.served
    ]
    limit = a.input.business.budget.monthly_limit_usd
    total = r.budget.total_monthly_usd
    misses = [rem.change for rem in remedies]
    if total > limit:
        misses.append(f"costs {usd(total)}/month against the {usd(limit)} budget")
        remedies.append(budget_remedy(total, limit))
    option = ClosestOption(
        provider=r.chosen.provider,
        regions=list(r.chosen.regions),
        description=f"{r.chosen.provider} ({', '.join(r.chosen.regions)}): " + "; ".join(served),
        monthly_usd=total,
        misses=misses,
    )
    return option, remedies, blocked
