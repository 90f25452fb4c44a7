"""Catalog sub-container: the providers' price sources over one HTTP client, and the store."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from dependency_injector import containers, providers

from infra_mind.adapters.catalog.aws import AwsPriceListFiles
from infra_mind.adapters.catalog.azure import AzureRetailPrices
from infra_mind.adapters.catalog.gcp import GcpBillingCatalog, MissingGcpKey
from infra_mind.adapters.catalog.store import FileCatalogStore
from infra_mind.config import Settings
from infra_mind.domain.knowledge.loader import shipped_docs
from infra_mind.domain.knowledge.models import Provider
from infra_mind.ports.catalog import PriceSource
from infra_mind.services.catalog import CatalogService


async def http_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=settings.catalog.timeout_s) as client:
        yield client


def price_sources(settings: Settings, client: httpx.AsyncClient) -> dict[Provider, PriceSource]:
    c = settings.catalog
    key = c.gcp_api_key.get_secret_value() if c.gcp_api_key else None
    return {
        "aws": AwsPriceListFiles(client, c.aws_url),
        "azure": AzureRetailPrices(client, c.azure_url),
        "gcp": GcpBillingCatalog(client, key, c.gcp_url) if key else MissingGcpKey(),
    }


class CatalogContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    http = providers.Resource(http_client, settings)
    sources = providers.Singleton(price_sources, settings, http)
    store = providers.Singleton(FileCatalogStore)
    service = providers.Singleton(
        CatalogService,
        store=store,
        shipped=providers.Object(shipped_docs),
        max_age_days=settings.provided.catalog.max_age_days,
    )
