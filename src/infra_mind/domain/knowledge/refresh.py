"""Fold freshly fetched list prices into the catalog's data files (pure: dicts in, dicts out)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat

from infra_mind.domain.knowledge.models import Provider


class WantedPrice(BaseModel):
    """One catalogued instance type whose on-demand price a refresh looks up."""

    model_config = ConfigDict(frozen=True)

    instance_id: str
    family: str
    vcpus: int
    ram_gib: float
    gpu_model: str | None
    gpu_count: int
    regions: tuple[str, ...]


class PriceQuote(BaseModel):
    """An on-demand USD/hour price the provider publishes for one instance type in one region."""

    model_config = ConfigDict(frozen=True)

    instance_id: str
    region: str
    usd_per_hour: PositiveFloat
    source: str = Field(description="the exact URL the price was read from")


class PriceFetch(BaseModel):
    """What one provider's price source returned, with what it could not use."""

    model_config = ConfigDict(frozen=True)

    provider: Provider
    quotes: tuple[PriceQuote, ...]
    unknown_skus: int = Field(ge=0, description="priced items for types not in the catalog")
    non_usd: int = Field(ge=0, description="items refused because not priced in USD")


class RefreshSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    provider: Provider
    updated: tuple[str, ...]
    not_found: tuple[str, ...]
    unknown_skus: int
    non_usd: int


def wanted_prices(doc: Mapping[str, Any], region_ids: tuple[str, ...]) -> list[WantedPrice]:
    """The instance types of one compute data file, with the regions to price each in."""
    out = []
    for raw in doc["instances"]:
        regions = region_ids if raw["regions"] == "ALL" else tuple(raw["regions"])
        out.append(
            WantedPrice(
                instance_id=raw["id"],
                family=raw["family"],
                vcpus=raw["vcpus"],
                ram_gib=raw["ram_gib"],
                gpu_model=raw["gpu_model"],
                gpu_count=raw["gpu_count"],
                regions=regions,
            )
        )
    return out


def apply_fetch(
    doc: Mapping[str, Any], fetch: PriceFetch, as_of: date
) -> tuple[dict[str, Any], RefreshSummary]:
    """A copy of a compute data file whose priced instances carry the fetched prices.

    An instance with a quote in its reference region gets that as its on-demand price, every
    other quoted region in ``region_prices``, ``as_of`` and the quote's URL as its source. An
    instance without a reference-region quote keeps its previous record (named in
    ``not_found``): a price is never carried across regions by a refresh."""
    new = copy.deepcopy(dict(doc))
    by_instance: dict[str, dict[str, PriceQuote]] = {}
    for q in fetch.quotes:
        by_instance.setdefault(q.instance_id, {})[q.region] = q
    updated, not_found = [], []
    for raw in new["instances"]:
        quotes = by_instance.get(raw["id"], {})
        reference = raw.get("reference_region", new["reference_region"])
        if reference not in quotes:
            not_found.append(raw["id"])
            continue
        raw["on_demand_usd_per_hour"] = quotes[reference].usd_per_hour
        raw["region_prices"] = {
            r: q.usd_per_hour for r, q in sorted(quotes.items()) if r != reference
        }
        if raw["regions"] != "ALL":
            raw["regions"] = sorted(quotes)
        raw["as_of"] = as_of.isoformat()
        raw["source"] = quotes[reference].source
        updated.append(raw["id"])
    summary = RefreshSummary(
        provider=fetch.provider,
        updated=tuple(updated),
        not_found=tuple(not_found),
        unknown_skus=fetch.unknown_skus,
        non_usd=fetch.non_usd,
    )
    return new, summary
