"""Hosted-model token prices from a maintained source, folded into the knowledge base."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict, PositiveFloat

from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import HostedModel
from infra_mind.domain.knowledge.sources import PLATFORM_OWNER, is_own_page


class MaintainedPrice(BaseModel):
    """USD per 1M tokens from a maintained price source, with the provider pages it cites."""

    model_config = ConfigDict(frozen=True)

    input_usd_per_1m: PositiveFloat
    output_usd_per_1m: PositiveFloat
    sources: tuple[str, ...]
    as_of: date
    basis: str


def _updated(m: HostedModel, price: MaintainedPrice | None) -> HostedModel:
    """``m`` at the maintained price when there is one citing the platform's own page."""
    if price is None:
        return m
    owner = PLATFORM_OWNER[m.platform]
    owned = [s for s in price.sources if is_own_page(owner, s)]
    # the page the shipped record cites (Vertex AI's, not the Gemini API's) when it is listed
    source = next((s for s in owned if s.startswith(str(m.source))), owned[0] if owned else None)
    if source is None:
        return m
    return m.model_copy(
        update={
            "input_usd_per_1m": price.input_usd_per_1m,
            "output_usd_per_1m": price.output_usd_per_1m,
            "source": source,
            "as_of": price.as_of,
            "price_basis": price.basis,
        }
    )


def with_maintained_prices(
    kb: KnowledgeBase, prices: Mapping[str, MaintainedPrice]
) -> KnowledgeBase:
    """A knowledge base whose hosted models take the maintained price of their
    ``maintained_ref``; models without one (or without a price citing their platform's own
    page) keep the shipped price, date and source."""
    models = tuple(
        _updated(m, prices.get(m.maintained_ref) if m.maintained_ref else None)
        for m in kb.hosted_models
    )
    return KnowledgeBase(**{**dict(kb), "hosted_models": models})
