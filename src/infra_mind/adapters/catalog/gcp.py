"""GCP list prices from the Cloud Billing Catalog API (an API key is needed), page by page.

Compute Engine prices a machine type as components: vCPU-hours, GiB-hours of memory and, for
accelerator types, GPU-hours. A machine's price in a region is the sum of its components'
on-demand prices there, so a type is quoted only where every one of its components is priced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from infra_mind.adapters.catalog.http import field, get_json, number
from infra_mind.adapters.catalog.settings import GCP_BILLING_URL
from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.knowledge.refresh import PriceFetch, PriceQuote, WantedPrice
from infra_mind.ports.catalog import PriceSourceError

COMPUTE_ENGINE = "6F81-5844-456A"
MAX_PAGES = 1000

CORE_RAM = {
    "a3": ("A3 Instance Core", "A3 Instance Ram"),
    "a2": ("A2 Instance Core", "A2 Instance Ram"),
    "g2": ("G2 Instance Core", "G2 Instance Ram"),
    "n1+t4": ("N1 Predefined Instance Core", "N1 Predefined Instance Ram"),
    "e2": ("E2 Instance Core", "E2 Instance Ram"),
    "n2": ("N2 Instance Core", "N2 Instance Ram"),
}
"""Machine family → SKU descriptions of its vCPU and memory components."""

GPU = {
    "h100-sxm-80gb": "Nvidia H100 80GB GPU",
    "a100-sxm-40gb": "Nvidia Tesla A100 GPU",
    "a100-sxm-80gb": "Nvidia Tesla A100 80GB GPU",
    "l4-24gb": "Nvidia L4 GPU",
    "t4-16gb": "Nvidia Tesla T4 GPU",
}
"""Catalog GPU id → SKU description of its GPU-hour component."""


def _unit_price(sku: dict[str, Any], where: str) -> tuple[str, float]:
    """(currency, price per usage unit) of the SKU's current pricing, highest tier."""
    info = field(sku, "pricingInfo", list, where)
    if not info:
        raise PriceSourceError(f"{where}: SKU {sku.get('skuId')} has no pricingInfo")
    expression = field(info[-1], "pricingExpression", dict, where)
    rates = field(expression, "tieredRates", list, where)
    if not rates:
        raise PriceSourceError(f"{where}: SKU {sku.get('skuId')} has no tieredRates")
    price = field(rates[-1], "unitPrice", dict, where)
    units = number(price, "units", where) if "units" in price else 0.0
    return str(price.get("currencyCode")), units + number(price, "nanos", where) / 1e9


def _component(description: str) -> str | None:
    """The component name of ``'<component> running in <area>'``, else None."""
    name, sep, _ = description.partition(" running in ")
    return name if sep else None


class GcpBillingCatalog:
    """``fetch`` pages through Compute Engine's SKUs and adds up each machine's components."""

    provider: Provider = "gcp"

    def __init__(
        self, client: httpx.AsyncClient, api_key: str, base_url: str = GCP_BILLING_URL
    ) -> None:
        self._client = client
        self._api_key = api_key
        self._base_url = base_url

    async def _component_prices(
        self, needed: set[str]
    ) -> tuple[dict[tuple[str, str], float], int, int]:
        """{(component, region): USD per unit}, unknown compute SKUs, non-USD SKUs."""
        prices: dict[tuple[str, str], float] = {}
        unknown = non_usd = 0
        url = f"{self._base_url}/services/{COMPUTE_ENGINE}/skus"
        token = ""
        for page_no in range(MAX_PAGES):
            where = f"GCP billing catalog page {page_no + 1}"
            params = {"key": self._api_key, "currencyCode": "USD"}
            if token:
                params["pageToken"] = token
            page = await get_json(self._client, url, params)
            for sku in field(page, "skus", list, where):
                category = field(sku, "category", dict, where)
                if category.get("usageType") != "OnDemand":
                    continue
                component = _component(str(sku.get("description", "")))
                if component not in needed:
                    unknown += category.get("resourceFamily") == "Compute"
                    continue
                currency, price = _unit_price(sku, where)
                if currency != "USD":
                    non_usd += 1
                    continue
                for region in field(sku, "serviceRegions", list, where):
                    prices[(component, region)] = price
            token = str(page.get("nextPageToken") or "")
            if not token:
                break
        return prices, unknown, non_usd

    async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch:
        parts = {w.instance_id: _parts(w) for w in wanted}
        needed = {name for p in parts.values() if p for name, _ in p}
        prices, unknown, non_usd = await self._component_prices(needed)
        quotes = []
        for w in wanted:
            components = parts[w.instance_id]
            if components is None:
                continue
            for region in w.regions:
                if all((name, region) in prices for name, _ in components):
                    total = sum(prices[(name, region)] * qty for name, qty in components)
                    quotes.append(
                        PriceQuote(
                            instance_id=w.instance_id,
                            region=region,
                            usd_per_hour=round(total, 6),
                            source=f"{GCP_BILLING_URL}/services/{COMPUTE_ENGINE}/skus?currencyCode=USD",
                        )
                    )
        return PriceFetch(
            provider="gcp", quotes=tuple(quotes), unknown_skus=unknown, non_usd=non_usd
        )


def _parts(w: WantedPrice) -> tuple[tuple[str, float], ...] | None:
    """(component, quantity) of one machine; None for a family not priced by components."""
    core_ram = CORE_RAM.get(w.family)
    if core_ram is None or (w.gpu_model is not None and w.gpu_model not in GPU):
        return None
    parts = [(core_ram[0], float(w.vcpus)), (core_ram[1], w.ram_gib)]
    if w.gpu_model is not None:
        parts.append((GPU[w.gpu_model], float(w.gpu_count)))
    return tuple(parts)


class MissingGcpKey:
    """Stands in for the GCP source when no API key is configured: fails naming the fix."""

    provider: Provider = "gcp"

    async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch:
        raise PriceSourceError(
            "the GCP Cloud Billing Catalog API needs an API key:"
            " set INFRA_MIND_CATALOG__GCP_API_KEY"
        )
