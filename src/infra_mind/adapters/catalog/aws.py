"""AWS list prices from the public EC2 price-list offer files, one file per region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from infra_mind.adapters.catalog.http import field, get_json, number
from infra_mind.adapters.catalog.settings import AWS_OFFERS_URL
from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.knowledge.refresh import PriceFetch, PriceQuote, WantedPrice

OFFER_PATH = "/offers/v1.0/aws/AmazonEC2/current/{region}/index.json"
LINUX_SHARED = {
    "operatingSystem": "Linux",
    "tenancy": "Shared",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
}
"""The product attributes of a plain Linux on-demand instance (no SQL, not dedicated)."""


def _hourly_price(term: dict[str, Any], where: str) -> tuple[str, float] | None:
    """(currency, price) of an on-demand term's hourly dimension; None when it has none."""
    for offer in term.values():
        dims = field(offer, "priceDimensions", dict, where)
        for dim in dims.values():
            if dim.get("unit") != "Hrs":
                continue
            prices = field(dim, "pricePerUnit", dict, where)
            if "USD" in prices:
                return "USD", number(prices, "USD", where)
            return next(iter(prices), "?"), 0.0
    return None


class AwsPriceListFiles:
    """``fetch`` reads the offer file of every region any wanted type is catalogued in."""

    provider: Provider = "aws"

    def __init__(self, client: httpx.AsyncClient, base_url: str = AWS_OFFERS_URL) -> None:
        self._client = client
        self._base_url = base_url

    async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch:
        types = {w.instance_id: set(w.regions) for w in wanted}
        quotes: list[PriceQuote] = []
        unknown = non_usd = 0
        for region in sorted({r for w in wanted for r in w.regions}):
            path = OFFER_PATH.format(region=region)
            where = f"AWS offer file {region}"
            offer = await get_json(self._client, self._base_url + path)
            products = field(offer, "products", dict, where)
            on_demand = field(field(offer, "terms", dict, where), "OnDemand", dict, where)
            for sku, product in products.items():
                attrs = product.get("attributes", {})
                if product.get("productFamily") != "Compute Instance" or any(
                    attrs.get(k) != v for k, v in LINUX_SHARED.items()
                ):
                    continue
                instance_type = attrs.get("instanceType")
                if instance_type not in types:
                    unknown += 1
                    continue
                if region not in types[instance_type] or sku not in on_demand:
                    continue
                price = _hourly_price(on_demand[sku], where)
                if price is None:
                    continue
                if price[0] != "USD":
                    non_usd += 1
                    continue
                if price[1] <= 0:  # placeholder rows of types not sold on demand here
                    continue
                quotes.append(
                    PriceQuote(
                        instance_id=instance_type,
                        region=region,
                        usd_per_hour=price[1],
                        source=AWS_OFFERS_URL + path,
                    )
                )
        return PriceFetch(
            provider="aws", quotes=tuple(quotes), unknown_skus=unknown, non_usd=non_usd
        )
