"""Which model serves each workload: the nearest catalog open model, or an allowed hosted API."""

from __future__ import annotations

from dataclasses import dataclass

from infra_mind.domain.capacity import TrafficProfile
from infra_mind.domain.costing import HOURS_PER_MONTH
from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AIWorkload, AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import HostedModel, OpenModel, Provider
from infra_mind.domain.planning import ServingRequirement
from infra_mind.domain.residency import allowed_hosted_models

DEFAULT_PRECISION = Precision.BF16
"""Precision assumed when a workload gives none: the native training precision of current
open models."""

PROXY_TOLERANCE = 0.25
"""A same-family catalog model within ±25 % of the stated parameter count is used as is;
beyond that the substitute is named a proxy."""

UNDERSIZE_TOLERANCE = 0.25
"""A stand-in more than 25 % smaller than the stated model is not a plan for it: its weights,
KV cache and FLOPs (so its GPUs, latency and cost) understate what the requested model needs.
A larger stand-in overstates them, so its plan is an upper bound and is kept, with a warning."""


@dataclass(frozen=True)
class ServedModel:
    workload: str
    model: OpenModel
    precision: Precision
    precision_assumed: bool
    proxy_note: str | None
    requirement: ServingRequirement
    undersized_reason: str | None = None
    """Set when the only stand-in is too small to be a plan for the stated model."""


@dataclass(frozen=True)
class ApiModel:
    workload: str
    requested: str
    choice: HostedModel | None
    input_tokens: float
    output_tokens: float
    note: str


def undersized(model: OpenModel, params_b: float) -> bool:
    return model.params_b < params_b * (1 - UNDERSIZE_TOLERANCE)


def resolve_open_model(kb: KnowledgeBase, workload: AIWorkload) -> tuple[OpenModel, str | None]:
    """Catalog model of the named family closest in parameter count; a proxy is said to be one.
    A nearest model too small to stand in gives way to the smallest catalog model that is not
    (``UNDERSIZE_TOLERANCE``); when none is large enough the nearest is returned and
    ``undersized`` says it cannot be a plan."""
    params = workload.model.parameters_b or 0.0
    family = (workload.model.family or "").lower()
    same = [m for m in kb.open_models if family and (m.id.startswith(family) or m.family == family)]
    pool = same or list(kb.open_models)
    best = min(pool, key=lambda m: (abs(m.params_b - params) / params, m.id))
    if undersized(best, params):
        larger = [m for m in kb.open_models if not undersized(m, params)]
        best = min(larger, key=lambda m: (m.params_b, m.id), default=best)
    off = abs(best.params_b - params) / params
    if best not in same or off > PROXY_TOLERANCE:
        return best, (
            f"{workload.model.family or 'model'} {params:g}B is not in the catalog; sized as "
            f"{best.name} ({best.params_b:g}B, {size_ratio(best.params_b, params)}), the nearest "
            "catalog model"
        )
    return best, None


def size_ratio(stand_in_b: float, stated_b: float) -> str:
    """``4.9× smaller`` / ``1,240× larger`` / ``8 % larger``: how far a stand-in is from the
    stated size."""
    ratio = stand_in_b / stated_b
    if 0.5 <= ratio <= 2:
        return f"{abs(ratio - 1):.0%} {'larger' if ratio >= 1 else 'smaller'}"
    times = ratio if ratio > 1 else 1 / ratio
    shown = f"{times:,.0f}" if times >= 10 else f"{times:.1f}"
    return f"{shown}× {'larger' if ratio > 1 else 'smaller'}"


def undersized_reason(workload: AIWorkload, model: OpenModel) -> str | None:
    params = workload.model.parameters_b or 0.0
    if not undersized(model, params):
        return None
    return (
        f"{workload.name}: no catalog model can stand in for {workload.model.family or 'a'} "
        f"{params:g}B; the largest, {model.name} ({model.params_b:g}B), is "
        f"{size_ratio(model.params_b, params)} and would understate its GPUs, latency and cost"
    )


def served_models(
    kb: KnowledgeBase, data: AssessmentInput, batch: int, override: Precision | None = None
) -> tuple[ServedModel, ...]:
    """Every self-hosted workload with inference traffic, as a serving requirement."""
    out = []
    for w in data.technical.ai_workloads:
        if not w.model.self_hosted or w.inference is None:
            continue
        model, note = resolve_open_model(kb, w)
        precision = override or w.precision or DEFAULT_PRECISION
        out.append(
            ServedModel(
                workload=w.name,
                model=model,
                precision=precision,
                precision_assumed=w.precision is None,
                proxy_note=note,
                requirement=serving_requirement(w, model, precision, batch),
                undersized_reason=undersized_reason(w, model),
            )
        )
    return tuple(out)


def serving_requirement(
    w: AIWorkload, model: OpenModel, precision: Precision, batch: int
) -> ServingRequirement:
    inf = w.inference
    assert inf is not None
    context = min(
        model.context_length, max(1, inf.input_tokens_per_request + inf.output_tokens_per_request)
    )
    return ServingRequirement(
        model_id=model.id,
        precision=precision,
        context_tokens=context,
        batch_size=batch,
        traffic=TrafficProfile(
            peak_requests_per_s=inf.requests_per_s_peak,
            input_tokens=inf.input_tokens_per_request,
            output_tokens=max(1, inf.output_tokens_per_request),
            p95_latency_target_ms=inf.p95_latency_ms,
        ),
    )


def monthly_tokens(w: AIWorkload) -> tuple[float, float]:
    """(input, output) tokens a month = average requests/s × 730 h × 3600 s × tokens/request."""
    inf = w.inference
    if inf is None:
        return 0.0, 0.0
    requests = inf.requests_per_s_avg * HOURS_PER_MONTH * 3600
    return requests * inf.input_tokens_per_request, requests * inf.output_tokens_per_request


def choose_hosted(
    kb: KnowledgeBase,
    w: AIWorkload,
    provider: Provider,
    residency: tuple[str, ...] | None,
    hipaa: bool,
) -> ApiModel:
    """The named hosted model on the provider's platform if allowed, else the provider's
    cheapest allowed one (said to be a substitute), else none with the reason."""
    tokens_in, tokens_out = monthly_tokens(w)
    wanted = (w.model.api_model or "").lower()
    allowed = allowed_hosted_models(kb, residency, require_hipaa_baa=hipaa)
    on_provider = [m for m in allowed if m.cloud_provider in (provider, None)]
    named = [
        m
        for m in on_provider
        if m.id.split(":", 1)[-1].lower() == wanted or m.name.lower() == wanted
    ]
    # The provider's own platform first: one contract, one network boundary, one BAA/DPA.
    named.sort(key=lambda m: (m.cloud_provider != provider, m.input_usd_per_1m, m.id))
    if named:
        m = named[0]
        note = f"{w.model.api_model} via {m.platform} ({', '.join(m.processing_jurisdictions)})"
        return ApiModel(w.name, wanted, m, tokens_in, tokens_out, note)
    same_provider = sorted(
        (m for m in on_provider if m.cloud_provider == provider),
        key=lambda m: (m.input_usd_per_1m, m.id),
    )
    constraint = "residency" + (" and HIPAA BAA" if hipaa else "")
    if same_provider:
        m = same_provider[0]
        note = (
            f"{w.model.api_model} is not available on {provider} under {constraint}; "
            f"substituted {m.id}"
        )
        return ApiModel(w.name, wanted, m, tokens_in, tokens_out, note)
    note = f"no hosted model on {provider} meets {constraint}"
    return ApiModel(w.name, wanted, None, tokens_in, tokens_out, note)


def api_bill(a: ApiModel) -> float:
    """input tokens / 1M × input price + output tokens / 1M × output price."""
    if a.choice is None:
        return 0.0
    return (
        a.input_tokens / 1e6 * a.choice.input_usd_per_1m
        + a.output_tokens / 1e6 * a.choice.output_usd_per_1m
    )
