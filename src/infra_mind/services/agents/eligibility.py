"""What the required compliance eligibility rules out on the chosen provider."""

from __future__ import annotations

from typing import get_args

from infra_mind.domain.costing import eligible_services
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.knowledge.models import ServiceCategory
from infra_mind.services.agents.analysis import Analysis

SERVICE_CATEGORIES: tuple[ServiceCategory, ...] = get_args(ServiceCategory)


def ineligible_services(kb: KnowledgeBase, a: Analysis) -> list[str]:
    """Every catalogued service of the chosen provider lacking a required eligibility flag, and,
    under HIPAA, every hosted model reachable from it (its own platform or a provider-neutral
    API) without a BAA; each as "catalog_ref: reason"."""
    if a.chosen is None:
        return []
    provider = a.chosen.provider
    out: list[str] = []
    for category in SERVICE_CATEGORIES:
        _, excluded = eligible_services(kb, provider, category, a.flags)
        out += [f"{e.catalog_ref}: {e.reason}" for e in excluded]
    if a.hipaa:
        out += [
            f"{ref('hosted_model', m.id)}: no HIPAA BAA"
            for m in kb.hosted_models
            if m.cloud_provider in (provider, None) and not m.hipaa_baa
        ]
    return out
