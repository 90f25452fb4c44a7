"""The shared deployment analysis every analyst starts from: constraints, sizing, per-provider cost.

Pure and deterministic: the same input and knowledge base always give the same analysis, so
agents that run in parallel agree on the numbers without reading each other's results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from infra_mind.domain.capacity import TrafficProfile
from infra_mind.domain.compliance import ComplianceFindings, ComplianceProfile, assess_compliance
from infra_mind.domain.costing import (
    HOURS_PER_MONTH,
    BudgetFit,
    ComputeUsage,
    CostRequest,
    ServiceUsage,
    check_budget,
    eligible_services,
)
from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AIWorkload, AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.knowledge.models import (
    PROVIDERS,
    EligibilityFlag,
    HostedModel,
    OpenModel,
    Provider,
    ServiceCategory,
)
from infra_mind.domain.planning import (
    DeploymentRequirement,
    ProviderOption,
    ServingRequirement,
    plan_on_provider,
)
from infra_mind.domain.residency import allowed_hosted_models, allowed_region_ids

DEFAULT_PRECISION = Precision.BF16
"""Precision assumed when a workload gives none: the native training precision of current open models."""

BATCH_CANDIDATES = (8, 32)
"""Continuous-batching sizes tried per served model; the cheaper deployment that meets latency wins."""

RPS_PER_APP_VCPU = 50.0
"""Planning assumption: an API tier request costs ~20 ms of CPU (orchestration, auth, I/O), so one
vCPU handles ~50 requests/s at peak."""

LOG_KB_PER_REQUEST = 2.0
"""Planning assumption: ~2 KB of structured request/audit log per request."""

MIN_LOG_GB = 10.0
"""Floor for monitoring ingestion (platform and audit logs exist even with no AI traffic)."""

WARM_STANDBY_FRACTION = 0.5
"""A warm-standby region runs half the primary serving instances (rounded up), scaled on failover."""

RAG_USE_CASES = frozenset({"rag", "search", "chatbot"})


@dataclass(frozen=True)
class ServedModel:
    workload: str
    model: OpenModel
    precision: Precision
    precision_assumed: bool
    proxy_note: str | None
    requirement: ServingRequirement


@dataclass(frozen=True)
class ApiModel:
    workload: str
    requested: str
    choice: HostedModel | None
    input_tokens: float
    output_tokens: float
    note: str


@dataclass(frozen=True)
class ProviderPlan:
    provider: Provider
    option: ProviderOption
    api: tuple[ApiModel, ...]
    app_tier: tuple[ComputeUsage, ...]
    services: tuple[ServiceUsage, ...]
    total_monthly_usd: float | None
    infeasible_reason: str | None


@dataclass(frozen=True)
class Analysis:
    """Constraints and the cheapest feasible deployment per provider, with the chosen one."""

    input: AssessmentInput
    compliance: ComplianceFindings
    flags: frozenset[EligibilityFlag]
    residency: tuple[str, ...] | None
    region_scope: tuple[str, ...]
    region_scope_reason: str
    allowed_regions: frozenset[str]
    considered: tuple[Provider, ...]
    served: tuple[ServedModel, ...]
    plans: tuple[ProviderPlan, ...]
    chosen: ProviderPlan | None
    chosen_reason: str
    budget: BudgetFit | None
    object_storage_gb: float
    egress_gb: float
    peak_rps: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def hipaa(self) -> bool:
        return "hipaa_baa" in self.flags


def compliance_profile(kb: KnowledgeBase, data: AssessmentInput) -> ComplianceProfile:
    b, t = data.business, data.technical
    jurisdictions = {j.value for j in b.operating_regions} | {
        j.value for j in b.data_residency or ()
    }
    known = kb.jurisdictions()
    return ComplianceProfile(
        industry=b.industry.value,
        jurisdictions=frozenset(j for j in jurisdictions if j in known),
        data_types=frozenset(d.value for d in t.data.data_types),
        ai_use_cases=frozenset(w.use_case.value for w in t.ai_workloads),
        declared_frameworks=frozenset(f.value for f in b.compliance),
        declared_controls=frozenset(c.value for c in t.security_controls),
    )


def resolve_open_model(kb: KnowledgeBase, workload: AIWorkload) -> tuple[OpenModel, str | None]:
    """Catalog model of the named family closest in parameter count; a proxy is said to be one."""
    params = workload.model.parameters_b or 0.0
    family = (workload.model.family or "").lower()
    same = [m for m in kb.open_models if family and (m.id.startswith(family) or m.family == family)]
    pool = same or list(kb.open_models)
    best = min(pool, key=lambda m: (abs(m.params_b - params) / params, m.id))
    off = abs(best.params_b - params) / params
    if not same or off > 0.25:
        return best, (
            f"{workload.model.family or 'model'} {params:g}B is not in the catalog; sized as "
            f"{best.name} ({best.params_b:g}B), the nearest catalog model"
        )
    return best, None


def served_models(
    kb: KnowledgeBase, data: AssessmentInput, batch: int, override: Precision | None = None
) -> tuple[ServedModel, ...]:
    out = []
    for w in data.technical.ai_workloads:
        if not w.model.self_hosted or w.inference is None:
            continue
        model, note = resolve_open_model(kb, w)
        inf = w.inference
        context = min(
            model.context_length,
            max(1, inf.input_tokens_per_request + inf.output_tokens_per_request),
        )
        precision = override or w.precision or DEFAULT_PRECISION
        out.append(
            ServedModel(
                workload=w.name,
                model=model,
                precision=precision,
                precision_assumed=w.precision is None,
                proxy_note=note,
                requirement=ServingRequirement(
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
                ),
            )
        )
    return tuple(out)


def choose_hosted(
    kb: KnowledgeBase,
    w: AIWorkload,
    provider: Provider,
    residency: tuple[str, ...] | None,
    hipaa: bool,
) -> ApiModel:
    inf = w.inference
    seconds = HOURS_PER_MONTH * 3600
    tokens_in = inf.requests_per_s_avg * seconds * inf.input_tokens_per_request if inf else 0.0
    tokens_out = inf.requests_per_s_avg * seconds * inf.output_tokens_per_request if inf else 0.0
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
        note = f"{w.model.api_model} is not available on {provider} under {constraint}; substituted {m.id}"
        return ApiModel(w.name, wanted, m, tokens_in, tokens_out, note)
    return ApiModel(
        w.name,
        wanted,
        None,
        tokens_in,
        tokens_out,
        f"no hosted model on {provider} meets {constraint}",
    )


def app_tier(
    kb: KnowledgeBase, provider: Provider, peak_rps: float, availability: float
) -> tuple[ComputeUsage, ...]:
    """nodes = max(zones for the availability target, ceil(peak_rps / RPS_PER_APP_VCPU / vCPUs));
    instance = the provider's cheapest general-purpose CPU type with ≥ 4 vCPUs."""
    cpus = [i for i in kb.instances_for(provider=provider, kind="cpu") if i.vcpus >= 4]
    inst = min(cpus, key=lambda i: (i.on_demand_usd_per_hour, i.id))
    zones = 3 if availability >= 99.95 else 2 if availability >= 99.9 else 1
    nodes = max(zones, math.ceil(peak_rps / RPS_PER_APP_VCPU / inst.vcpus))
    return (ComputeUsage(instance_id=inst.id, count=nodes, purpose="application tier"),)


def service_quantity(unit: str, instances: int, log_gb: float) -> float | None:
    """Quantity in the catalog unit: hourly units × 730 h × instances, monthly units × instances,
    ingestion units × log GB; other units are not priced (said so by the caller)."""
    u = unit.lower()
    if "ingested" in u:
        return log_gb
    if u.endswith("-hour"):
        return HOURS_PER_MONTH * instances * (2 if u.startswith("vcpu") else 1)
    if u.endswith("-month"):
        return float(instances)
    return None


def platform_services(
    kb: KnowledgeBase,
    provider: Provider,
    flags: frozenset[EligibilityFlag],
    needs: dict[ServiceCategory, int],
    log_gb: float,
) -> tuple[tuple[ServiceUsage, ...], tuple[str, ...]]:
    usages, notes = [], []
    for category, count in needs.items():
        ids, _ = eligible_services(kb, provider, category, flags)
        if not ids:
            notes.append(f"no {category} service on {provider} meets {sorted(flags)}")
            continue
        qty = service_quantity(kb.service(ids[0]).price_unit, count, log_gb)
        if qty is None or qty <= 0:
            notes.append(f"{ids[0]} is priced per {kb.service(ids[0]).price_unit}; not estimated")
            continue
        usages.append(ServiceUsage(category=category, quantity=qty))
    return tuple(usages), tuple(notes)


def service_needs(data: AssessmentInput) -> dict[ServiceCategory, int]:
    t = data.technical
    ha = 2 if t.availability_target_pct >= 99.9 else 1
    needs: dict[ServiceCategory, int] = {
        "kubernetes": 1,
        "relational_db": ha,
        "monitoring": 1,
        "waf_ddos": 1,
    }
    if any(w.use_case.value in RAG_USE_CASES for w in t.ai_workloads):
        needs["vector_search"] = ha
    return needs


QUANTISATION_FALLBACKS = (Precision.FP8, Precision.INT8, Precision.INT4)
"""Tried, in this order, only when no provider can serve the stated precision within latency."""


def analyse(kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
    """The analysis at the stated precision; when nothing is feasible there, the first lower
    serving precision that is (the deviation is stated in ``notes``)."""
    base = _analyse(kb, data, None)
    if base.chosen is not None or not base.served:
        return base
    for precision in QUANTISATION_FALLBACKS:
        alt = _analyse(kb, data, precision)
        if alt.chosen is not None:
            note = (
                f"at the stated precision no catalog instance meets the latency target on any "
                f"provider ({base.plans[0].infeasible_reason}); serving is planned in "
                f"{precision.value} instead, which halves or better the bytes read per token"
            )
            return replace(alt, notes=(note, *alt.notes))
    return base


def _analyse(kb: KnowledgeBase, data: AssessmentInput, override: Precision | None) -> Analysis:
    """Constraints first (compliance flags, residency), then the cheapest feasible deployment per
    provider, then the choice: the cheapest feasible among the preferred clouds (all if none)."""
    b, t = data.business, data.technical
    findings = assess_compliance(kb, compliance_profile(kb, data))
    flags = frozenset(findings.required_service_eligibility)
    residency = tuple(j.value for j in b.data_residency) if b.data_residency else None
    scope = residency or tuple(j.value for j in b.operating_regions)
    scope_reason = (
        "data residency requires " + ", ".join(scope)
        if residency
        else "no residency stated; regions limited to the operating regions " + ", ".join(scope)
    )
    regions = allowed_region_ids(kb, [j for j in scope if j in kb.jurisdictions()] or None)
    considered: tuple[Provider, ...] = (
        tuple(p.value for p in b.preferred_clouds)
        or tuple(p.value for p in t.current_clouds)
        or PROVIDERS
    )
    peak_rps = sum(w.inference.requests_per_s_peak for w in t.ai_workloads if w.inference)
    avg_rps = sum(w.inference.requests_per_s_avg for w in t.ai_workloads if w.inference)
    log_gb = max(MIN_LOG_GB, avg_rps * HOURS_PER_MONTH * 3600 * LOG_KB_PER_REQUEST / 1e6)
    storage_gb = t.data.volume_tb * 1000
    egress_gb = (t.data.monthly_egress_tb or 0.0) * 1000
    hipaa = "hipaa_baa" in flags
    plans: list[ProviderPlan] = []
    notes: list[str] = []
    for provider in PROVIDERS:
        tier = app_tier(kb, provider, peak_rps, t.availability_target_pct)
        services, svc_notes = platform_services(kb, provider, flags, service_needs(data), log_gb)
        notes.extend(svc_notes)
        api = tuple(
            choose_hosted(kb, w, provider, residency, hipaa)
            for w in t.ai_workloads
            if not w.model.self_hosted and w.inference is not None
        )
        best: ProviderOption | None = None
        for batch in BATCH_CANDIDATES:
            req = DeploymentRequirement(
                serving=tuple(s.requirement for s in served_models(kb, data, batch, override)),
                app_tier={provider: tier},
                object_storage_gb=storage_gb,
                egress_gb=egress_gb,
                services=services,
                required_eligibility=flags,
            )
            option = plan_on_provider(kb, req, provider, allowed_regions=regions)
            if (option.cost is not None and (
                best is None
                or best.cost is None
                or option.cost.total_monthly_usd < best.cost.total_monthly_usd
            )) or best is None:
                best = option
        assert best is not None
        missing_api = [a.note for a in api if a.choice is None]
        reason = best.infeasible_reason or ("; ".join(missing_api) if missing_api else None)
        total = None
        if reason is None and best.cost is not None:
            total = best.cost.total_monthly_usd + sum(api_bill(a) for a in api)
        plans.append(ProviderPlan(provider, best, api, tier, services, total, reason))
    feasible = [p for p in plans if p.total_monthly_usd is not None]
    preferred = [p for p in feasible if p.provider in considered]
    pool = preferred or feasible
    chosen = min(pool, key=lambda p: (p.total_monthly_usd or 0.0, p.provider), default=None)
    if chosen is None:
        why = "no provider has a feasible deployment within the constraints"
    elif preferred:
        why = f"cheapest feasible of the considered clouds ({', '.join(considered)})"
    else:
        why = f"none of {', '.join(considered)} is feasible; cheapest feasible other provider"
    budget = None
    if chosen is not None and chosen.total_monthly_usd is not None:
        budget = check_budget(chosen.total_monthly_usd, b.budget.monthly_limit_usd)
    return Analysis(
        input=data,
        compliance=findings,
        flags=flags,
        residency=residency,
        region_scope=scope,
        region_scope_reason=scope_reason,
        allowed_regions=regions,
        considered=considered,
        served=served_models(kb, data, chosen_batch(chosen), override),
        plans=tuple(plans),
        chosen=chosen,
        chosen_reason=why,
        budget=budget,
        object_storage_gb=storage_gb,
        egress_gb=egress_gb,
        peak_rps=peak_rps,
        notes=tuple(dict.fromkeys(notes)),
    )


def chosen_batch(plan: ProviderPlan | None) -> int:
    if plan is None or not plan.option.serving:
        return BATCH_CANDIDATES[0]
    return plan.option.serving[0].requirement.batch_size


def api_bill(a: ApiModel) -> float:
    if a.choice is None:
        return 0.0
    return (
        a.input_tokens / 1e6 * a.choice.input_usd_per_1m
        + a.output_tokens / 1e6 * a.choice.output_usd_per_1m
    )


def catalog_source(kb: KnowledgeBase, catalog_ref: str) -> dict[str, Any]:
    """as_of and first source URL of a catalog record, for facts and SourceRefs."""
    prov = kb.provenance_of(catalog_ref)
    return {"ref": catalog_ref, "as_of": prov.as_of.isoformat(), "source": str(prov.source[0])}


def instance_ref(instance_id: str) -> str:
    return ref("instance", instance_id)


def cost_request(
    plan: ProviderPlan, flags: frozenset[EligibilityFlag], **parts: Any
) -> CostRequest:
    """A CostRequest on the chosen provider and region for one component of the plan."""
    assert plan.option.region is not None
    return CostRequest(
        provider=plan.provider, region=plan.option.region, required_eligibility=flags, **parts
    )
