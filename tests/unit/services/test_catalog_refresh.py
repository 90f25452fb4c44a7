"""Refreshing the catalog: fetched prices land in a dated catalog that loads and cites its
provider; a failed fetch or an invalid catalog leaves the catalog in use as it was."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_mind.adapters.catalog.store import FileCatalogStore, load_catalog_dir
from infra_mind.domain.knowledge import KnowledgeBase
from infra_mind.domain.knowledge.citations import foreign_sources
from infra_mind.domain.knowledge.loader import shipped_docs
from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.knowledge.refresh import PriceFetch, PriceQuote, WantedPrice
from infra_mind.ports.catalog import CatalogError, PriceSourceError
from infra_mind.services.catalog import CatalogService

NOW = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
CITED = {
    "aws": "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/{r}/index.json",
    "azure": "https://prices.azure.com/api/retail/prices?$filter=armRegionName%20eq%20%27{r}%27",
    "gcp": "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus?currencyCode=USD",
}


class ScaledPrices:
    """A working in-memory price source: every wanted type in every wanted region, at
    ``scale`` × ``base`` USD/h."""

    def __init__(self, provider: Provider, scale: float = 1.0, fail: bool = False) -> None:
        self.provider = provider
        self._scale = scale
        self._fail = fail

    async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch:
        if self._fail:
            raise PriceSourceError("page 3: field 'Items' missing or not list")
        quotes = tuple(
            PriceQuote(
                instance_id=w.instance_id,
                region=r,
                usd_per_hour=round(self._scale * (1 + w.vcpus / 10), 4),
                source=CITED[self.provider].format(r=r),
            )
            for w in wanted
            for r in w.regions
        )
        return PriceFetch(provider=self.provider, quotes=quotes, unknown_skus=3, non_usd=0)


def service() -> CatalogService:
    return CatalogService(store=FileCatalogStore(), shipped=shipped_docs)


def refresh(root: Path, sources: dict[Provider, ScaledPrices], now: datetime = NOW) -> Path:
    return asyncio.run(service().refresh(sources, list(sources), root, now)).path


def _assert_every_record_is_dated_sourced_priced_and_placed(kb: KnowledgeBase) -> None:
    regions = {r.id: r.provider for r in kb.regions}
    assert foreign_sources(kb) == []
    for i in kb.instances:
        assert i.as_of
        assert i.on_demand_usd_per_hour > 0
        assert all(p > 0 for p in i.region_prices.values())
        assert all(regions.get(r) == i.provider for r in (*i.regions, *i.region_prices))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scales=st.fixed_dictionaries({p: st.floats(0.01, 50) for p in ("aws", "azure", "gcp")}))
def test_a_refreshed_catalog_loads_with_dated_provider_sourced_positive_prices(
    tmp_path_factory: pytest.TempPathFactory, scales: dict[Provider, float]
) -> None:
    root = tmp_path_factory.mktemp("catalog")
    refresh(root, {p: ScaledPrices(p, s) for p, s in scales.items()})

    kb = load_catalog_dir(root)

    _assert_every_record_is_dated_sourced_priced_and_placed(kb)
    assert {i.as_of for i in kb.instances} == {date(2026, 12, 2)}


def test_refresh_writes_a_dated_catalog_and_makes_it_current(tmp_path: Path) -> None:
    path = refresh(tmp_path, {"azure": ScaledPrices("azure")})

    assert path == tmp_path / "2026-12-02T140000Z"
    assert (tmp_path / "current").resolve() == path.resolve()
    # Standard_D2s_v5 has 2 vCPUs: 1 + 2/10 = 1.2 USD/h everywhere in the fake source.
    assert (
        load_catalog_dir(tmp_path).instance("Standard_D2s_v5").published_price("westeurope") == 1.2
    )


def test_a_failed_fetch_keeps_the_current_catalog_and_writes_nothing(tmp_path: Path) -> None:
    first = refresh(tmp_path, {"azure": ScaledPrices("azure")})
    before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(PriceSourceError):
        refresh(tmp_path, {"azure": ScaledPrices("azure", fail=True)}, NOW.replace(hour=15))

    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "current").resolve() == first.resolve()


def test_an_invalid_refreshed_catalog_is_refused_and_the_current_one_kept(tmp_path: Path) -> None:
    first = refresh(tmp_path, {"gcp": ScaledPrices("gcp")})

    class ForeignSource(ScaledPrices):
        async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch:
            fetched = await super().fetch(wanted)
            quotes = tuple(
                q.model_copy(update={"source": "https://example.com/prices"})
                for q in fetched.quotes
            )
            return fetched.model_copy(update={"quotes": quotes})

    with pytest.raises(CatalogError, match="another provider's page"):
        refresh(tmp_path, {"gcp": ForeignSource("gcp")}, NOW.replace(hour=16))

    assert (tmp_path / "current").resolve() == first.resolve()
    assert not (tmp_path / "2026-12-02T160000Z").exists()


def test_diff_lists_every_changed_price(tmp_path: Path) -> None:
    old = refresh(tmp_path / "a", {"azure": ScaledPrices("azure", 1.0)})
    new = refresh(tmp_path / "b", {"azure": ScaledPrices("azure", 2.0)})

    changes = service().diff(old, new)

    d2 = next(c for c in changes if (c.instance_id, c.region) == ("Standard_D2s_v5", "eastus"))
    assert (d2.before, d2.after) == (1.2, 2.4)
    assert {c.instance_id for c in changes} == {
        i.id for i in load_catalog_dir(new).instances if i.provider == "azure"
    }
