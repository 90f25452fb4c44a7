"""Check that every priced or provider-specific record cites a page of its own provider."""

from __future__ import annotations

from collections.abc import Iterator

from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.sources import PLATFORM_OWNER, is_own_page


def _owned_sources(kb: KnowledgeBase) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(catalog ref, owners whose pages are acceptable, cited URL) for every owned record."""
    for i in kb.instances:
        yield f"instance:{i.id}", (i.provider,), str(i.source)
    for r in kb.regions:
        yield f"region:{r.id}", (r.provider,), str(r.source)
    for s in kb.services:
        yield f"service:{s.id}", (s.provider,), str(s.source)
        for flag, cited in s.eligibility_sources.items():
            yield f"service:{s.id}#{flag}", (s.provider,), str(cited.source)
    for e in kb.egress_prices:
        yield f"egress:{e.provider}", (e.provider,), str(e.source)
    for c in kb.commitments:
        yield from ((f"commitment:{c.provider}", (c.provider,), str(u)) for u in c.source)
    for m in kb.multipliers:
        yield f"multiplier:{m.region_id}", (m.provider,), str(m.source)
    for h in kb.hosted_models:
        yield f"hosted_model:{h.id}", (PLATFORM_OWNER[h.platform],), str(h.source)
    for g in kb.gpus:
        # A cloud-only variant (AWS's A10G) is documented by the provider that sells it.
        sellers = tuple(sorted({i.provider for i in kb.instances if i.gpu_model == g.id}))
        yield f"gpu:{g.id}", (g.vendor, *sellers), str(g.source)


def foreign_sources(kb: KnowledgeBase) -> list[str]:
    """``ref cites URL`` for each record whose source is not a page of its own provider."""
    return [
        f"{ref} cites {url}"
        for ref, owners, url in _owned_sources(kb)
        if not any(is_own_page(o, url) for o in owners)
    ]
