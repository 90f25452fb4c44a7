"""LLM sub-container: the provider every agent's narrator writes through."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.llm.offline import OfflineProvider
from infra_mind.config import Settings


class LLMContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Dependency()
    cache = providers.Dependency()
    usage = providers.Dependency()
    router = providers.Singleton(OfflineProvider)
