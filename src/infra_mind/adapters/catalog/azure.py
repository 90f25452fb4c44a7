"""Azure list prices from the public Retail Prices API (no account needed), page by page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from infra_mind.adapters.catalog.http import field, get_json, number
from infra_mind.adapters.catalog.settings import AZURE_PRICES_URL
from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.knowledge.refresh import PriceFetch, PriceQuote, WantedPrice

MAX_PAGES = 1000
"""A guard against a NextPageLink loop; the VM price list of a few SKUs is a handful of pages."""


def _is_linux_on_demand(item: dict[str, Any]) -> bool:
    sku_name = str(item.get("skuName", ""))
    return (
        item.get("type") == "Consumption"
        and item.get("unitOfMeasure") == "1 Hour"
        and "Windows" not in str(item.get("productName", ""))
        and "Spot" not in sku_name
        and "Low Priority" not in sku_name
    )


def _filter(skus: Sequence[str]) -> str:
    names = " or ".join(f"armSkuName eq '{s}'" for s in skus)
    return f"serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and ({names})"


class AzureRetailPrices:
    """``fetch`` queries the wanted SKUs in one filter and follows ``NextPageLink``."""

    provider: Provider = "azure"

    def __init__(self, client: httpx.AsyncClient, base_url: str = AZURE_PRICES_URL) -> None:
        self._client = client
        self._base_url = base_url

    async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch:
        regions = {w.instance_id: set(w.regions) for w in wanted}
        quotes: dict[tuple[str, str], PriceQuote] = {}
        unknown = non_usd = 0
        url: str | None = self._base_url
        params: dict[str, str] | None = {"$filter": _filter(sorted(regions))}
        for page_no in range(MAX_PAGES):
            if url is None:
                break
            where = f"Azure retail prices page {page_no + 1}"
            page = await get_json(self._client, url, params)
            for item in field(page, "Items", list, where):
                if not isinstance(item, dict) or not _is_linux_on_demand(item):
                    continue
                sku, region = item.get("armSkuName"), item.get("armRegionName")
                if not isinstance(sku, str) or sku not in regions:
                    unknown += 1
                    continue
                if item.get("currencyCode") != "USD":
                    non_usd += 1
                    continue
                if not isinstance(region, str) or region not in regions[sku]:
                    continue
                quotes[(sku, region)] = PriceQuote(
                    instance_id=sku,
                    region=region,
                    usd_per_hour=number(item, "retailPrice", where),
                    source=_citation(sku, region),
                )
            next_link = page.get("NextPageLink")
            url = next_link if isinstance(next_link, str) and next_link else None
            params = None
        return PriceFetch(
            provider="azure", quotes=tuple(quotes.values()), unknown_skus=unknown, non_usd=non_usd
        )


def _citation(sku: str, region: str) -> str:
    """The retail prices query that returns exactly this record (cited even when a mirror of the
    API was read: the figure is the provider's)."""
    query = (
        f"serviceName eq 'Virtual Machines' and priceType eq 'Consumption'"
        f" and armSkuName eq '{sku}' and armRegionName eq '{region}'"
    )
    return f"{AZURE_PRICES_URL}?$filter={quote(query)}"
