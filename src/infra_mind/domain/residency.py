"""Data residency: the regions and hosted models allowed by a set of jurisdictions."""

from __future__ import annotations

from collections.abc import Iterable

from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import HostedModel, Provider, Region


def _checked(kb: KnowledgeBase, jurisdictions: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(str(j) for j in jurisdictions)
    known = kb.jurisdictions()
    unknown = sorted(wanted - known)
    if unknown:
        raise InvalidInput(
            [
                FieldError("data_residency", f"no catalogued region in jurisdiction {j!r}", j)
                for j in unknown
            ]
        )
    return wanted


def allowed_regions(
    kb: KnowledgeBase, residency: Iterable[str] | None, provider: Provider | None = None
) -> tuple[Region, ...]:
    """Regions whose jurisdiction is in ``residency`` (all regions when ``residency`` is None).
    An unknown jurisdiction is an ``InvalidInput`` rather than an empty, silently wrong set."""
    regions = kb.regions_for(provider=provider)
    if residency is None:
        return regions
    wanted = _checked(kb, residency)
    return tuple(r for r in regions if any(r.in_jurisdiction(w) for w in wanted))


def allowed_region_ids(
    kb: KnowledgeBase, residency: Iterable[str] | None, provider: Provider | None = None
) -> frozenset[str]:
    return frozenset(r.id for r in allowed_regions(kb, residency, provider))


def allowed_hosted_models(
    kb: KnowledgeBase, residency: Iterable[str] | None, *, require_hipaa_baa: bool = False
) -> tuple[HostedModel, ...]:
    """Hosted API models that can process data inside one of the ``residency`` jurisdictions
    (any, when None) and, if asked, are covered by a BAA."""
    wanted = None if residency is None else _checked(kb, residency)
    return tuple(
        m
        for m in kb.hosted_models
        if (wanted is None or wanted & set(m.processing_jurisdictions))
        and (m.hipaa_baa or not require_hipaa_baa)
    )
