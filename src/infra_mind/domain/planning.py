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
from infra_mind.domain.sizing import (
    InferenceMemory,
    InstanceFit,
    estimate_inference_memory,
    fitting_instances,
)


class ServingRequirement(BaseModel):
    """One self-hosted model to serve."""

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


def _choose_serving(
    kb: KnowledgeBase, req: ServingRequirement, region: str, pricing: PricingModel
) -> ServingChoice | None:
    model = kb.open_model(req.model_id)
    memory = estimate_inference_memory(model, req.precision, req.context_tokens, req.batch_size)
    provider = kb.region(region).provider
    best: tuple[float, ServingChoice] | None = None
    for fit in fitting_instances(kb, memory, provider=provider, regions=(region,)):
        cap = plan_capacity(
            model,
            kb.gpu(fit.gpu_id),
            req.precision,
            fit.gpus_per_replica,
            req.batch_size,
            req.traffic,
            req.headroom,
        )
        if cap.meets_latency is False:
            continue
        count = math.ceil(cap.replicas / fit.replicas_per_instance)
        hourly = hourly_rate(kb, fit.instance_id, region, pricing).usd_per_hour * count
        choice = ServingChoice(
            requirement=req, memory=memory, fit=fit, capacity=cap, instances=count
        )
        if best is None or hourly < best[0]:
            best = (hourly, choice)
    return None if best is None else best[1]


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
