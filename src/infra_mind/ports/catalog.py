"""Price sources (one per cloud provider) and the store a refreshed catalog is written to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.knowledge.refresh import PriceFetch, WantedPrice


@runtime_checkable
class PriceSource(Protocol):
    """Reads one provider's public list prices.

    ``fetch`` returns on-demand Linux USD/hour quotes for the wanted instance types in their
    regions, counting the priced items it skipped (types not catalogued, non-USD prices). It
    raises ``PriceSourceError`` when a response is not in the provider's format or the source
    cannot be reached; it never returns part of a failed fetch."""

    provider: Provider

    async def fetch(self, wanted: Sequence[WantedPrice]) -> PriceFetch: ...


@runtime_checkable
class CatalogStore(Protocol):
    """Reads catalog data files from a directory and writes a dated catalog atomically: a
    failed or invalid write leaves the catalog in use untouched."""

    def read(self, path: Path) -> dict[str, dict[str, Any]]: ...

    def write(self, docs: Mapping[str, dict[str, Any]], root: Path, stamp: str) -> Path: ...


class CatalogError(Exception):
    """A catalog that cannot be read, written or refreshed; the catalog in use is unchanged."""


class PriceSourceError(CatalogError):
    """A price source that could not be read, or answered in an unexpected format."""
