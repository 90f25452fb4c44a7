"""The shared deployment analysis every analyst starts from: constraints, sizing, per-provider cost.

Pure and deterministic: the same input and knowledge base always give the same analysis, so
agents that run in parallel agree on the numbers without reading each other's results.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from infra_mind.domain.compliance import ComplianceFindings, assess_compliance
from infra_mind.domain.costing import (
    BudgetFit,
    ComputeUsage,
    CostRequest,
    ServiceUsage,
    check_budget,
)
from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import PROVIDERS, EligibilityFlag, Provider
from infra_mind.domain.planning import DeploymentRequirement, ProviderOption, plan_on_provider
from infra_mind.services.agents.constraints import RegionScope, compliance_profile, region_scope
from infra_mind.services.agents.model_choice import (
    ApiModel,
    ServedModel,
    api_bill,
    choose_hosted,
    served_models,
)
from infra_mind.services.agents.platform import (
    app_tier,
    log_gb,
    platform_services,
    service_needs,
)

BATCH_CANDIDATES = (8, 32)
"""Continuous-batching sizes tried per served model; the cheaper deployment that meets latency
wins."""

QUANTISATION_FALLBACKS = (Precision.FP8, Precision.INT8, Precision.INT4)
"""Tried, in this order, only when no provider can serve the stated precision within latency."""


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


class AnalysisCache:
    """Memoises ``analyse`` per input for the agents of one registry: eleven analysts read the
    same analysis, and it is pure, so it is computed once per distinct input (LRU-bounded)."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._entries: OrderedDict[str, Analysis] = OrderedDict()

    def get(self, kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
        key = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
        found = self._entries.get(key)
        if found is None:
            found = analyse(kb, data)
            self._entries[key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        self._entries.move_to_end(key)
        return found


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


@dataclass(frozen=True)
class _Demand:
    """Input-derived quantities every provider plan prices."""

    flags: frozenset[EligibilityFlag]
    residency: tuple[str, ...] | None
    regions: frozenset[str]
    peak_rps: float
    log_gb: float
    storage_gb: float
    egress_gb: float
    override: Precision | None


def _demand(
    data: AssessmentInput,
    flags: frozenset[EligibilityFlag],
    scope: RegionScope,
    override: Precision | None,
) -> _Demand:
    t = data.technical
    return _Demand(
        flags=flags,
        residency=scope.residency,
        regions=scope.regions,
        peak_rps=sum(w.inference.requests_per_s_peak for w in t.ai_workloads if w.inference),
        log_gb=log_gb(sum(w.inference.requests_per_s_avg for w in t.ai_workloads if w.inference)),
        storage_gb=t.data.volume_tb * 1000,
        egress_gb=(t.data.monthly_egress_tb or 0.0) * 1000,
        override=override,
    )


def _cheaper(option: ProviderOption, best: ProviderOption | None) -> bool:
    if best is None:
        return True
    if option.cost is None:
        return False
    return best.cost is None or option.cost.total_monthly_usd < best.cost.total_monthly_usd


def _plan_provider(
    kb: KnowledgeBase, data: AssessmentInput, provider: Provider, d: _Demand
) -> tuple[ProviderPlan, tuple[str, ...]]:
    """The cheapest feasible deployment on one provider over the batch candidates."""
    t = data.technical
    tier = app_tier(kb, provider, d.peak_rps, t.availability_target_pct)
    services, notes = platform_services(kb, provider, d.flags, service_needs(data), d.log_gb)
    api = tuple(
        choose_hosted(kb, w, provider, d.residency, "hipaa_baa" in d.flags)
        for w in t.ai_workloads
        if not w.model.self_hosted and w.inference is not None
    )
    best: ProviderOption | None = None
    for batch in BATCH_CANDIDATES:
        req = DeploymentRequirement(
            serving=tuple(s.requirement for s in served_models(kb, data, batch, d.override)),
            app_tier={provider: tier},
            object_storage_gb=d.storage_gb,
            egress_gb=d.egress_gb,
            services=services,
            required_eligibility=d.flags,
        )
        option = plan_on_provider(kb, req, provider, allowed_regions=d.regions)
        if _cheaper(option, best):
            best = option
    assert best is not None
    missing_api = [a.note for a in api if a.choice is None]
    reason = best.infeasible_reason or ("; ".join(missing_api) if missing_api else None)
    total = None
    if reason is None and best.cost is not None:
        total = best.cost.total_monthly_usd + sum(api_bill(a) for a in api)
    return ProviderPlan(provider, best, api, tier, services, total, reason), notes


def _choose(
    plans: list[ProviderPlan], considered: tuple[Provider, ...]
) -> tuple[ProviderPlan | None, str]:
    """The cheapest feasible plan among the considered clouds, else among all, with the reason."""
    feasible = [p for p in plans if p.total_monthly_usd is not None]
    preferred = [p for p in feasible if p.provider in considered]
    pool = preferred or feasible
    chosen = min(pool, key=lambda p: (p.total_monthly_usd or 0.0, p.provider), default=None)
    if chosen is None:
        return None, "no provider has a feasible deployment within the constraints"
    if preferred:
        return chosen, f"cheapest feasible of the considered clouds ({', '.join(considered)})"
    return chosen, f"none of {', '.join(considered)} is feasible; cheapest feasible other provider"


def _analyse(kb: KnowledgeBase, data: AssessmentInput, override: Precision | None) -> Analysis:
    """Constraints first (compliance flags, residency), then the cheapest feasible deployment per
    provider, then the choice: the cheapest feasible among the preferred clouds (all if none)."""
    b, t = data.business, data.technical
    findings = assess_compliance(kb, compliance_profile(kb, data))
    flags = frozenset(findings.required_service_eligibility)
    scope = region_scope(kb, data)
    d = _demand(data, flags, scope, override)
    considered: tuple[Provider, ...] = (
        tuple(p.value for p in b.preferred_clouds)
        or tuple(p.value for p in t.current_clouds)
        or PROVIDERS
    )
    plans: list[ProviderPlan] = []
    notes: list[str] = []
    for provider in PROVIDERS:
        plan, plan_notes = _plan_provider(kb, data, provider, d)
        plans.append(plan)
        notes.extend(plan_notes)
    chosen, why = _choose(plans, considered)
    budget = None
    if chosen is not None and chosen.total_monthly_usd is not None:
        budget = check_budget(chosen.total_monthly_usd, b.budget.monthly_limit_usd)
    return Analysis(
        input=data,
        compliance=findings,
        flags=flags,
        residency=scope.residency,
        region_scope=scope.jurisdictions,
        region_scope_reason=scope.reason,
        allowed_regions=scope.regions,
        considered=considered,
        served=served_models(kb, data, chosen_batch(chosen), override),
        plans=tuple(plans),
        chosen=chosen,
        chosen_reason=why,
        budget=budget,
        object_storage_gb=d.storage_gb,
        egress_gb=d.egress_gb,
        peak_rps=d.peak_rps,
        notes=tuple(dict.fromkeys(notes)),
    )


def chosen_batch(plan: ProviderPlan | None) -> int:
    if plan is None or not plan.option.serving:
        return BATCH_CANDIDATES[0]
    return plan.option.serving[0].requirement.batch_size


def cost_request(
    plan: ProviderPlan, flags: frozenset[EligibilityFlag], **parts: Any
) -> CostRequest:
    """A CostRequest on the chosen provider and region for one component of the plan."""
    assert plan.option.region is not None
    return CostRequest(
        provider=plan.provider, region=plan.option.region, required_eligibility=flags, **parts
    )
