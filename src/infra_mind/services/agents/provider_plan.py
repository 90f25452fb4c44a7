"""A provider's deployment plan: its serving sites and the cost request for one of its parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infra_mind.domain.costing import ComputeUsage, CostRequest, ServiceUsage
from infra_mind.domain.knowledge.models import EligibilityFlag, Provider
from infra_mind.domain.planning import ProviderOption
from infra_mind.services.agents.model_choice import ApiModel
from infra_mind.services.agents.part import Part


@dataclass(frozen=True)
class Site:
    """One serving region of a provider plan and the share of the demand it carries."""

    jurisdiction: str | None
    share: float
    option: ProviderOption
    app_tier: tuple[ComputeUsage, ...]
    services: tuple[ServiceUsage, ...]
    storage_gb: float
    egress_gb: float

    @property
    def region(self) -> str | None:
        return self.option.region


@dataclass(frozen=True)
class ProviderPlan:
    """A provider's deployment: one site, or one per operating jurisdiction when the business
    is globally distributed; the first site is the primary. ``total_monthly_usd`` is, once
    ``parts`` are priced, the whole plan on this provider (serving, hosted-model tokens,
    platform, security, data, training, standby): the sum of its parts' line items."""

    provider: Provider
    sites: tuple[Site, ...]
    api: tuple[ApiModel, ...]
    total_monthly_usd: float | None
    infeasible_reason: str | None
    parts: tuple[Part, ...] = ()

    @property
    def option(self) -> ProviderOption:
        return self.sites[0].option

    @property
    def app_tier(self) -> tuple[ComputeUsage, ...]:
        return self.sites[0].app_tier

    @property
    def services(self) -> tuple[ServiceUsage, ...]:
        return self.sites[0].services

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(s.region for s in self.sites if s.region is not None)


def cost_request(
    plan: ProviderPlan, flags: frozenset[EligibilityFlag], site: Site | None = None, **parts: Any
) -> CostRequest:
    """A CostRequest on the chosen provider in ``site``'s region (the primary by default) for
    one component of the plan."""
    region = (site or plan.sites[0]).region
    assert region is not None
    return CostRequest(provider=plan.provider, region=region, required_eligibility=flags, **parts)
