"""Token prices from the ``genai-prices`` package: maintained, dated data shipped offline.

Each price keeps the provider's own pricing page (from the package's ``pricing_urls``) as its
source and the package release's date as its as-of date."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from infra_mind.domain.knowledge.maintained import MaintainedPrice

PACKAGE = "genai-prices"
RELEASED = {"0.2.3": date(2026, 11, 10)}
"""Upload date of each known release (uv.lock records it); a newer, unknown release is dated
with the newest known date, so its prices never look fresher than they can be shown to be."""

USAGE_PROVIDERS = ("openai", "anthropic", "google")
"""Where a model name from the LLM usage ledger is looked up, in this order."""


def version() -> str:
    return importlib.metadata.version(PACKAGE)


def data_as_of() -> date:
    return RELEASED.get(version(), max(RELEASED.values()))


def _base(price: Any) -> float | None:
    """A flat price, or the first tier of a tiered one (prompts below the first threshold)."""
    if price is None:
        return None
    base = getattr(price, "base", price)
    return float(base) if isinstance(base, Decimal | int | float) else None


def _providers() -> dict[str, Any]:
    from genai_prices import data  # 1.5 MB of price data: imported only when prices are read

    return {p.id: p for p in data.providers}


def maintained_prices(refs: Iterable[str]) -> dict[str, MaintainedPrice]:
    """Current input/output USD per 1M tokens for each ``provider/model`` ref the package knows
    (refs it does not know are left out, so the shipped price stands)."""
    providers = _providers()
    as_of, basis, now = data_as_of(), f"{PACKAGE} {version()}", datetime.now(UTC)
    out: dict[str, MaintainedPrice] = {}
    for ref in refs:
        provider_id, _, model_ref = ref.partition("/")
        provider = providers.get(provider_id)
        model = provider.find_model(model_ref) if provider else None
        if provider is None or model is None:
            continue
        prices = model.get_prices(now)
        inp, outp = _base(prices.input_mtok), _base(prices.output_mtok)
        if not inp or not outp:
            continue
        out[ref] = MaintainedPrice(
            input_usd_per_1m=inp,
            output_usd_per_1m=outp,
            sources=tuple(provider.pricing_urls or ()),
            as_of=as_of,
            basis=basis,
        )
    return out


def usage_price(model_name: str) -> MaintainedPrice | None:
    """The price of a model name as an LLM API reports it (``gpt-4o-2024-08-06``)."""
    for provider_id in USAGE_PROVIDERS:
        found = maintained_prices([f"{provider_id}/{model_name}"])
        if found:
            return next(iter(found.values()))
    return None
