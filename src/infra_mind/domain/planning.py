"""Cheapest feasible deployment per provider: sizing + capacity + cost, then budget fit."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.capacity import DEFAULT_HEADROOM, CapacityPlan, TrafficProfile, plan_capacity
from infra_mind.domain.costing import (
    BudgetFit,
    ComputeUsage,
    CostBreakdown,
    CostRequest,
    PricingModel,
    ServiceUsage,
    check_budget,
    estimate_monthly_cost,
    hourly_rate,
)
from infra_mind.domain.enums import Precision
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import PROVIDERS, EligibilityFlag, Provider
from infra_mind.domain.serving_search import (
    TRAINING_ACCELERATORS,
    Candidate,
    batch_sizes,
    best_candidate,
    fastest_candidate,
    memoised_per_kb,
)
from infra_mind.domain.sizing import (
    InferenceMemory,
    InstanceFit,
    estimate_inference_memory,
    fit_on_instance,
    gpus_per_replica,
)


class ServingRequirement(BaseModel):
    """One self-hosted model to serve; ``batch_size`` is the engine's batch cap, and the planner
    also tries every smaller power of two (see ``batch_sizes``)."""

    model_config = ConfigDict(frozen=True)

    model_id: str
    precision: Precision = Precision.BF16
    context_tokens: int = Field(ge=1)
    batch_size: int = Field(default=8, ge=1)
    traffic: TrafficProfile
    headroom: float = Field(default=DEFAULT_HEADROOM, ge=0)


class DeploymentRequirement(BaseModel):
    """Everything to price on one provider; app-tier compute is given per provider."""

    model_config = ConfigDict(frozen=True)

    serving: tuple[ServingRequirement, ...] = ()
    app_tier: dict[Provider, tuple[ComputeUsage, ...]] = Field(default_factory=dict)
    object_storage_gb: float = Field(default=0, ge=0)
    egress_gb: float = Field(default=0, ge=0)
    services: tuple[ServiceUsage, ...] = ()
    required_eligibility: frozenset[EligibilityFlag] = frozenset()


class ServingChoice(BaseModel):
    model_config = ConfigDict(frozen=True)

    requirement: ServingRequirement
    memory: InferenceMemory
    fit: InstanceFit
    capacity: CapacityPlan
    instances: int


class ProviderOption(BaseModel):
    model_config = ConfigDict(frozen=True)

    provider: Provider
    region: str | None
    serving: tuple[ServingChoice, ...] = ()
    cost: CostBreakdown | None = None
    infeasible_reason: str | None = None


class ProviderComparison(BaseModel):
    model_config = ConfigDict(frozen=True)

    options: tuple[ProviderOption, ...]
    cheapest: ProviderOption | None
    budget: BudgetFit | None


def serving_configs(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> list[ServingChoice]:
    """Every (batch, tensor-parallel degree) at which ``instance_id`` holds a replica of the
    model, with its capacity plan and the instances needed for the peak (the exhaustive,
    explained form; the planner searches with ``serving_search`` and explains only its choice)."""
    model = kb.open_model(req.model_id)
    inst = kb.instance(instance_id)
    if inst.gpu_model is None or inst.gpu_model in TRAINING_ACCELERATORS:
        return []
    gpu = kb.gpu(inst.gpu_model)
    out: list[ServingChoice] = []
    for batch in batch_sizes(req.batch_size):
        memory = estimate_inference_memory(model, req.precision, req.context_tokens, batch)
        min_tp = gpus_per_replica(memory, gpu, inst.gpu_count)
        if min_tp is None:
            continue
        tp = min_tp
        while tp <= inst.gpu_count:
            fit = fit_on_instance(kb, inst, memory, tp)
            cap = plan_capacity(model, gpu, req.precision, tp, batch, req.traffic, req.headroom)
            count = math.ceil(cap.replicas / fit.replicas_per_instance)
            out.append(
                ServingChoice(
                    requirement=req, memory=memory, fit=fit, capacity=cap, instances=count
                )
            )
            tp *= 2
    return out


@memoised_per_kb
def serving_choice(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str, candidate: Candidate
) -> ServingChoice:
    """The explained configuration (memory, fit, capacity plan with formulas) of a candidate."""
    model = kb.open_model(req.model_id)
    inst = kb.instance(instance_id)
    assert inst.gpu_model is not None
    gpu = kb.gpu(inst.gpu_model)
    memory = estimate_inference_memory(model, req.precision, req.context_tokens, candidate.batch)
    cap = plan_capacity(
        model, gpu, req.precision, candidate.tp, candidate.batch, req.traffic, req.headroom
    )
    return ServingChoice(
        requirement=req,
        memory=memory,
        fit=fit_on_instance(kb, inst, memory, candidate.tp),
        capacity=cap,
        instances=candidate.instances,
    )


def best_serving(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> ServingChoice | None:
    """``best_config(serving_configs(...))``, searched on plain numbers and explained once."""
    c = best_candidate(kb, req, instance_id)
    return None if c is None else serving_choice(kb, req, instance_id, c)


def fastest_serving(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> ServingChoice | None:
    """The lowest-p95 configuration of ``serving_configs`` (first on a tie), explained."""
    c = fastest_candidate(kb, req, instance_id)
    return None if c is None else serving_choice(kb, req, instance_id, c)


def best_config(configs: Iterable[ServingChoice]) -> ServingChoice | None:
    """Fewest instances among the configurations that meet the latency target, then the fewest
    GPUs busy (replicas × tensor-parallel degree: spare GPUs are headroom), then the narrower
    replica (more, smaller replicas isolate failures better), then the lower p95; ``None`` when
    none meets the target."""
    meeting = [c for c in configs if c.capacity.meets_latency is not False]
    return min(
        meeting,
        key=lambda c: (
            c.instances,
            c.capacity.replicas * c.fit.gpus_per_replica,
            c.fit.gpus_per_replica,
            c.capacity.p95_latency_ms,
        ),
        default=None,
    )


@memoised_per_kb
def _usd_per_hour(kb: KnowledgeBase, instance_id: str, region: str, pricing: PricingModel) -> float:
    return hourly_rate(kb, instance_id, region, pricing).usd_per_hour


@memoised_per_kb
def _gpu_instances(kb: KnowledgeBase, provider: Provider, region: str) -> tuple[str, ...]:
    return tuple(i.id for i in kb.instances_for(provider=provider, kind="gpu", region=region))


def _choose_serving(
    kb: KnowledgeBase, req: ServingRequirement, region: str, pricing: PricingModel
) -> ServingChoice | None:
    """Cheapest instance type in ``region`` at its best (batch, tensor-parallel) configuration;
    the best configuration of an instance type does not depend on the region, so each is
    searched once per requirement and only the winner is explained."""
    provider = kb.region(region).provider
    best: tuple[float, str, Candidate] | None = None
    for instance_id in _gpu_instances(kb, provider, region):
        choice = best_candidate(kb, req, instance_id)
        if choice is None:
            continue
        hourly = _usd_per_hour(kb, instance_id, region, pricing) * choice.instances
        if best is None or (hourly, instance_id) < best[:2]:
            best = (hourly, instance_id, choice)
    return None if best is None else serving_choice(kb, req, best[1], best[2])


def plan_on_provider(
    kb: KnowledgeBase,
    requirement: DeploymentRequirement,
    provider: Provider,
    *,
    allowed_regions: Collection[str] | None = None,
    pricing_model: PricingModel = PricingModel.ON_DEMAND,
) -> ProviderOption:
    """Cheapest region of ``provider`` (within ``allowed_regions``) where every served model fits
    an instance that meets its latency target; the monthly cost of that deployment."""
    regions = [
        r.id
        for r in kb.regions_for(provider=provider)
        if allowed_regions is None or r.id in allowed_regions
    ]
    if not regions:
        return ProviderOption(provider=provider, region=None, infeasible_reason="no allowed region")
    best: ProviderOption | None = None
    reasons: list[str] = []
    for region in regions:
        choices = [_choose_serving(kb, s, region, pricing_model) for s in requirement.serving]
        missing = [
            s.model_id for s, c in zip(requirement.serving, choices, strict=True) if c is None
        ]
        if missing:
            reasons.append(f"{region}: no instance fits {', '.join(missing)} within latency")
            continue
        served = tuple(c for c in choices if c is not None)
        compute = tuple(
            ComputeUsage(
                instance_id=c.fit.instance_id,
                count=c.instances,
                purpose=f"serve {c.requirement.model_id}",
            )
            for c in served
        ) + requirement.app_tier.get(provider, ())
        cost = estimate_monthly_cost(
            kb,
            CostRequest(
                provider=provider,
                region=region,
                pricing_model=pricing_model,
                compute=compute,
                object_storage_gb=requirement.object_storage_gb,
                egress_gb=requirement.egress_gb,
                services=requirement.services,
                required_eligibility=requirement.required_eligibility,
            ),
        )
        if (
            best is None
            or best.cost is None
            or cost.total_monthly_usd < best.cost.total_monthly_usd
        ):
            best = ProviderOption(provider=provider, region=region, serving=served, cost=cost)
    if best is None:
        return ProviderOption(
            provider=provider, region=None, infeasible_reason="; ".join(reasons[:3])
        )
    return best


def compare_providers(
    kb: KnowledgeBase,
    requirement: DeploymentRequirement,
    *,
    providers: Iterable[Provider] = PROVIDERS,
    allowed_regions: Collection[str] | None = None,
    pricing_model: PricingModel = PricingModel.ON_DEMAND,
    budget_monthly_usd: float | None = None,
) -> ProviderComparison:
    """One option per provider; ``budget`` compares the cheapest feasible option with the budget
    (status 'over' with the gap when even the cheapest exceeds it)."""
    options = tuple(
        plan_on_provider(
            kb, requirement, p, allowed_regions=allowed_regions, pricing_model=pricing_model
        )
        for p in providers
    )
    feasible = [o for o in options if o.cost is not None]
    cheapest = min(
        feasible, key=lambda o: o.cost.total_monthly_usd if o.cost else math.inf, default=None
    )
    budget = None
    if budget_monthly_usd is not None and cheapest is not None and cheapest.cost is not None:
        budget = check_budget(cheapest.cost.total_monthly_usd, budget_monthly_usd)
    return ProviderComparison(options=options, cheapest=cheapest, budget=budget)
