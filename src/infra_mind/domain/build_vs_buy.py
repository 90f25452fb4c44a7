"""Build vs buy: a hosted API model's monthly token bill against a self-hosted deployment."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.costing import HOURS_PER_MONTH, CostBreakdown, PricingModel
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.recommendation import LineItem

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600


class BuildVsBuy(BaseModel):
    model_config = ConfigDict(frozen=True)

    api: CostBreakdown
    self_hosted_monthly_usd: float
    cheaper: Literal["api", "self_hosted"]
    saving_usd: float = Field(description="monthly saving of the cheaper option")
    breakeven_traffic_multiple: float = Field(
        description="traffic multiple at which the API bill equals the self-hosted cost"
    )
    assumptions: tuple[str, ...]


def tokens_per_month(avg_requests_per_s: float, tokens_per_request: int) -> float:
    """tokens/month = average requests/s × tokens/request × 730 h × 3600 s."""
    return avg_requests_per_s * tokens_per_request * SECONDS_PER_MONTH


def api_monthly_cost(
    kb: KnowledgeBase, hosted_model_id: str, input_tokens: float, output_tokens: float
) -> CostBreakdown:
    """bill = input_tokens / 1e6 × input price + output_tokens / 1e6 × output price."""
    m = kb.hosted_model(hosted_model_id)
    catalog_ref = ref("hosted_model", m.id)
    items = (
        LineItem(
            description=f"{m.name} input tokens",
            category="model_api",
            catalog_ref=catalog_ref,
            quantity=input_tokens / 1e6,
            unit="1M input tokens",
            unit_price_usd=m.input_usd_per_1m,
            formula=f"{input_tokens:.4g} / 1e6 × {m.input_usd_per_1m} USD",
        ),
        LineItem(
            description=f"{m.name} output tokens",
            category="model_api",
            catalog_ref=catalog_ref,
            quantity=output_tokens / 1e6,
            unit="1M output tokens",
            unit_price_usd=m.output_usd_per_1m,
            formula=f"{output_tokens:.4g} / 1e6 × {m.output_usd_per_1m} USD",
        ),
    )
    return CostBreakdown(
        label=f"{m.platform} {m.name}",
        provider=m.cloud_provider,
        region=None,
        pricing_model=PricingModel.ON_DEMAND,
        line_items=items,
        as_of=kb.citation(catalog_ref).as_of,
        assumptions=("standard tier, no batch or prompt-cache discounts",),
    )


def compare_build_vs_buy(api: CostBreakdown, self_hosted_monthly_usd: float) -> BuildVsBuy:
    """The API bill is linear in tokens; self-hosting is ~fixed at provisioned capacity, so the
    break-even traffic multiple is self_hosted / api (API cheaper below it)."""
    api_total = api.total_monthly_usd
    cheaper: Literal["api", "self_hosted"] = (
        "api" if api_total <= self_hosted_monthly_usd else "self_hosted"
    )
    breakeven = self_hosted_monthly_usd / api_total if api_total > 0 else float("inf")
    return BuildVsBuy(
        api=api,
        self_hosted_monthly_usd=self_hosted_monthly_usd,
        cheaper=cheaper,
        saving_usd=abs(api_total - self_hosted_monthly_usd),
        breakeven_traffic_multiple=breakeven,
        assumptions=(
            "self-hosted cost held fixed as traffic varies (capacity already sized for peak)",
            "engineering and operations staff time not included",
        ),
    )
