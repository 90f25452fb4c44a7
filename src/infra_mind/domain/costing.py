"""Monthly cost model: priced line items per provider, filtered by region and compliance first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.knowledge.models import EligibilityFlag, Provider, ServiceCategory
from infra_mind.domain.money import cents, total
from infra_mind.domain.recommendation import LineItem

HOURS_PER_MONTH = 730
"""8,760 hours a year / 12, the convention of the AWS, Azure and GCP pricing calculators."""


class PricingModel(StrEnum):
    ON_DEMAND = "on_demand"
    COMMIT_1Y = "commit_1y"
    COMMIT_3Y = "commit_3y"
    SPOT = "spot"


class ComputeUsage(BaseModel):
    model_config = ConfigDict(frozen=True)

    instance_id: str
    count: int = Field(ge=1)
    hours_per_month: float = Field(default=HOURS_PER_MONTH, gt=0, le=744)
    purpose: str = "compute"


class ServiceUsage(BaseModel):
    """Quantity of a managed service category, in the unit of the provider's catalog record."""

    model_config = ConfigDict(frozen=True)

    category: ServiceCategory
    quantity: float = Field(gt=0)


class CostRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    provider: Provider
    region: str
    pricing_model: PricingModel = PricingModel.ON_DEMAND
    compute: tuple[ComputeUsage, ...] = ()
    object_storage_gb: float = Field(default=0, ge=0)
    egress_gb: float = Field(default=0, ge=0)
    services: tuple[ServiceUsage, ...] = ()
    required_eligibility: frozenset[EligibilityFlag] = frozenset()


class Exclusion(BaseModel):
    model_config = ConfigDict(frozen=True)

    catalog_ref: str
    reason: str


class CostBreakdown(BaseModel):
    """Line items whose sum is the monthly total, by construction."""

    model_config = ConfigDict(frozen=True)

    label: str
    provider: Provider | None
    region: str | None
    pricing_model: PricingModel
    line_items: tuple[LineItem, ...]
    as_of: date | None
    assumptions: tuple[str, ...] = ()
    excluded: tuple[Exclusion, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_monthly_usd(self) -> float:
        return total(item.monthly_usd for item in self.line_items)


class BudgetFit(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: Literal["fits", "over"]
    budget_monthly_usd: float
    total_monthly_usd: float
    gap_usd: float = Field(description="total - budget when over, else 0")
    headroom_usd: float = Field(description="budget - total when it fits, else 0")


def check_budget(total_monthly_usd: float, budget_monthly_usd: float) -> BudgetFit:
    """fits when total ≤ budget; gap = total − budget otherwise."""
    over = total_monthly_usd > budget_monthly_usd
    return BudgetFit(
        status="over" if over else "fits",
        budget_monthly_usd=budget_monthly_usd,
        total_monthly_usd=total_monthly_usd,
        gap_usd=cents(total_monthly_usd - budget_monthly_usd) if over else 0.0,
        headroom_usd=0.0 if over else cents(budget_monthly_usd - total_monthly_usd),
    )


class HourlyRate(BaseModel):
    model_config = ConfigDict(frozen=True)

    usd_per_hour: float
    formula: str
    catalog_refs: tuple[str, ...]


def hourly_rate(
    kb: KnowledgeBase, instance_id: str, region: str, pricing_model: PricingModel
) -> HourlyRate:
    """rate = on-demand price in ``region`` × pricing factor (1 for on-demand; the provider's
    commit_1y / commit_3y / spot factor otherwise). The on-demand price is the one the provider
    publishes for the region when catalogued; otherwise the reference-region price × the
    regional multiplier (an estimate, named in the formula)."""
    inst = kb.instance(instance_id)
    if region not in inst.regions:
        raise InvalidInput(
            [FieldError("region", f"{instance_id} is not offered in {region}", region)]
        )
    commit = kb.commitment(inst.provider)
    factor = {
        PricingModel.ON_DEMAND: 1.0,
        PricingModel.COMMIT_1Y: commit.commit_1y_factor,
        PricingModel.COMMIT_3Y: commit.commit_3y_factor,
        PricingModel.SPOT: commit.spot_factor,
    }[pricing_model]
    published = inst.published_price(region)
    if published is not None:
        return HourlyRate(
            usd_per_hour=published * factor,
            formula=(
                f"{published} USD/h (published {region} price) × {factor} ({pricing_model.value})"
            ),
            catalog_refs=(ref("instance", inst.id), ref("commitment", inst.provider)),
        )
    mult = kb.multiplier(region)
    return HourlyRate(
        usd_per_hour=inst.on_demand_usd_per_hour * mult.multiplier * factor,
        formula=(
            f"{inst.on_demand_usd_per_hour} USD/h ({inst.reference_region}) × {mult.multiplier}"
            f" ({region} regional ratio, no published price) × {factor} ({pricing_model.value})"
        ),
        catalog_refs=(
            ref("instance", inst.id),
            ref("multiplier", region),
            ref("commitment", inst.provider),
        ),
    )


def eligible_services(
    kb: KnowledgeBase,
    provider: Provider,
    category: ServiceCategory,
    required: Iterable[EligibilityFlag],
) -> tuple[tuple[str, ...], tuple[Exclusion, ...]]:
    """(eligible service ids cheapest first, excluded services with the missing flags)."""
    flags = tuple(sorted(set(required)))
    keep: list[tuple[float, str]] = []
    excluded: list[Exclusion] = []
    for s in kb.services_for(provider=provider, category=category):
        missing = [f for f in flags if not s.eligibility.has(f)]
        if missing:
            lists = "; ".join(
                f"{f}: {s.eligibility_sources[f].source} as of {s.eligibility_sources[f].as_of}"
                for f in missing
            )
            excluded.append(
                Exclusion(
                    catalog_ref=ref("service", s.id),
                    reason=f"not {', '.join(missing)} eligible (provider's list: {lists})",
                )
            )
        else:
            keep.append((s.price_usd, s.id))
    return tuple(i for _, i in sorted(keep)), tuple(excluded)


def _service_item(kb: KnowledgeBase, service_id: str, quantity: float, what: str) -> LineItem:
    s = kb.service(service_id)
    return LineItem(
        description=f"{s.name} — {what}",
        category=s.category,
        catalog_ref=ref("service", s.id),
        quantity=quantity,
        unit=s.price_unit,
        unit_price_usd=s.price_usd,
        formula=f"{quantity:g} {s.price_unit} × {s.price_usd} USD",
    )


def estimate_monthly_cost(
    kb: KnowledgeBase, request: CostRequest, label: str = ""
) -> CostBreakdown:
    """Monthly cost = Σ line items, each ``quantity × unit price``.

    Order: the region must belong to the provider and every instance be offered there; managed
    services lacking a required eligibility flag are excluded before any price is taken (the
    cheapest eligible service of each category is priced). Compute: count × hours × hourly_rate.
    Object storage: GB-month × the eligible object_storage service price. Egress:
    max(0, GB − free tier) × USD/GB. Commitment and spot factors apply to compute only.
    """
    region = kb.region(request.region)
    if region.provider != request.provider:
        raise InvalidInput(
            [FieldError("region", f"not a {request.provider} region", request.region)]
        )
    items: list[LineItem] = []
    excluded: list[Exclusion] = []
    for i, use in enumerate(request.compute):
        try:
            rate = hourly_rate(kb, use.instance_id, request.region, request.pricing_model)
        except InvalidInput as exc:
            raise InvalidInput([FieldError(f"compute[{i}]", str(exc), use.instance_id)]) from exc
        qty = use.count * use.hours_per_month
        items.append(
            LineItem(
                description=f"{use.count} × {use.instance_id} ({use.purpose})",
                category="compute",
                catalog_ref=rate.catalog_refs[0],
                quantity=qty,
                unit="instance-hour",
                unit_price_usd=rate.usd_per_hour,
                formula=f"{use.count} × {use.hours_per_month:g} h × [{rate.formula}]",
            )
        )
    wanted = list(request.services)
    if request.object_storage_gb > 0:
        wanted.append(ServiceUsage(category="object_storage", quantity=request.object_storage_gb))
    for i, usage in enumerate(wanted):
        ids, out = eligible_services(
            kb, request.provider, usage.category, request.required_eligibility
        )
        excluded.extend(out)
        if not ids:
            raise InvalidInput(
                [
                    FieldError(
                        f"services[{i}]",
                        f"no eligible {usage.category} service on {request.provider}",
                        usage.category,
                    )
                ]
            )
        items.append(_service_item(kb, ids[0], usage.quantity, usage.category))
    if request.egress_gb > 0:
        eg = kb.egress(request.provider)
        billable = max(0.0, request.egress_gb - eg.free_gb_per_month)
        items.append(
            LineItem(
                description="Internet egress",
                category="egress",
                catalog_ref=ref("egress", request.provider),
                quantity=billable,
                unit="GB",
                unit_price_usd=eg.usd_per_gb,
                formula=(
                    f"max(0, {request.egress_gb:g} GB − {eg.free_gb_per_month:g} free)"
                    f" × {eg.usd_per_gb} USD/GB"
                ),
            )
        )
    dates = [kb.citation(item.catalog_ref).as_of for item in items]
    return CostBreakdown(
        label=label or f"{request.provider} {request.region} {request.pricing_model.value}",
        provider=request.provider,
        region=request.region,
        pricing_model=request.pricing_model,
        line_items=tuple(items),
        as_of=min(dates) if dates else None,
        assumptions=(
            f"{HOURS_PER_MONTH} hours per month",
            "compute at the provider's published regional price, or the regional ratio where"
            " none is catalogued (named in each line's formula)",
            "managed services at their reference-region list price",
            "commitment/spot factors apply to compute only",
        ),
        excluded=tuple(excluded),
    )
