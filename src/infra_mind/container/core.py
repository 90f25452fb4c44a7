"""Core sub-container: settings, clock, ids, the shipped knowledge and the compute pool."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.inprocess.compute import ThreadComputePool
from infra_mind.domain.knowledge.loader import load_knowledge_base


class CoreContainer(containers.DeclarativeContainer):
    settings = providers.Dependency()
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(TimeOrderedIds)
    knowledge = providers.Singleton(load_knowledge_base)
    compute = providers.Singleton(
        ThreadComputePool, max_workers=settings.provided.engine.compute_threads
    )
