"""Catalog use cases: refresh list prices from the providers, show, diff and age a catalog."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.knowledge.age import DEFAULT_MAX_AGE_DAYS, CatalogAge, catalog_age
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.loader import build_knowledge_base
from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.knowledge.refresh import RefreshSummary, apply_fetch, wanted_prices
from infra_mind.ports.catalog import CatalogStore, PriceSource

Docs = dict[str, dict[str, Any]]


class RefreshResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    summaries: tuple[RefreshSummary, ...]


class PriceChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    instance_id: str
    region: str
    before: float | None
    after: float | None


class CatalogService:
    def __init__(
        self,
        store: CatalogStore,
        shipped: Callable[[], Docs],
        max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    ) -> None:
        self._store = store
        self._shipped = shipped
        self._max_age_days = max_age_days

    def docs(self, path: Path | None) -> Docs:
        """The data files of the catalog at ``path`` (the shipped catalog when None)."""
        return self._shipped() if path is None else self._store.read(path)

    def load(self, path: Path | None) -> KnowledgeBase:
        return build_knowledge_base(self.docs(path))

    async def refresh(
        self,
        sources: Mapping[Provider, PriceSource],
        providers: Collection[Provider],
        out: Path,
        now: datetime,
        base: Path | None = None,
    ) -> RefreshResult:
        """Fetch each provider's prices from its source, fold them into ``base`` (the shipped
        catalog when None) and write the result as ``out/<UTC timestamp>``, made current. Any
        fetch or validation error raises before anything is written."""
        docs = self.docs(base)
        region_ids = [(r["provider"], r["id"]) for r in docs["regions.json"]["regions"]]
        summaries = []
        for provider in providers:
            name = f"compute_{provider}.json"
            wanted = wanted_prices(docs[name], tuple(i for p, i in region_ids if p == provider))
            fetch = await sources[provider].fetch(wanted)
            docs[name], summary = apply_fetch(docs[name], fetch, now.date())
            summaries.append(summary)
        path = self._store.write(docs, out, now.strftime("%Y-%m-%dT%H%M%SZ"))
        return RefreshResult(path=path, summaries=tuple(summaries))

    def age(self, path: Path | None, today: date) -> CatalogAge:
        return catalog_age(self.load(path), today, self._max_age_days)

    def diff(self, before: Path | None, after: Path | None) -> list[PriceChange]:
        """Every (instance, region) whose on-demand price differs between two catalogs."""
        old, new = _prices(self.load(before)), _prices(self.load(after))
        return [
            PriceChange(instance_id=k[0], region=k[1], before=old.get(k), after=new.get(k))
            for k in sorted(old.keys() | new.keys())
            if old.get(k) != new.get(k)
        ]


def _prices(kb: KnowledgeBase) -> dict[tuple[str, str], float]:
    return {
        (i.id, region): price
        for i in kb.instances
        for region in i.regions
        if (price := i.published_price(region)) is not None
    }
