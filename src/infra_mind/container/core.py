"""Core sub-container: settings, clock, ids, the knowledge base (shipped or refreshed) and the
compute pool."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.catalog.store import load_catalog_dir
from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.inprocess.compute import ThreadComputePool
from infra_mind.adapters.llm_prices.genai import maintained_prices
from infra_mind.config import ConfigurationError, Settings
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.loader import load_knowledge_base
from infra_mind.domain.knowledge.maintained import with_maintained_prices
from infra_mind.ports.catalog import CatalogError


def knowledge_base(settings: Settings) -> KnowledgeBase:
    """The refreshed catalog in ``INFRA_MIND_CATALOG__DIR`` if set, else the shipped one, with
    hosted-model token prices from genai-prices where it has them."""
    directory = settings.catalog.dir
    try:
        kb = load_knowledge_base() if directory is None else load_catalog_dir(directory)
    except CatalogError as exc:
        raise ConfigurationError(f"INFRA_MIND_CATALOG__DIR: {exc}") from None
    refs = [m.maintained_ref for m in kb.hosted_models if m.maintained_ref]
    return with_maintained_prices(kb, maintained_prices(refs))


class CoreContainer(containers.DeclarativeContainer):
    settings = providers.Dependency()
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(TimeOrderedIds)
    knowledge = providers.Singleton(knowledge_base, settings)
    compute = providers.Singleton(
        ThreadComputePool, max_workers=settings.provided.engine.compute_threads
    )
