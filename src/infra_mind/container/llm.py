"""LLM sub-container: the router every agent's narrator writes through.

One pooled HTTP client per network provider (a Resource), the completion cache
from messaging (in-process or Redis) and the usage ledger from storage.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.llm.clients import open_llm_http_clients
from infra_mind.adapters.llm.factory import build_llm_router
from infra_mind.config import Settings


class LLMContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Dependency()
    cache = providers.Dependency()
    usage = providers.Dependency()
    http_clients = providers.Resource(open_llm_http_clients, settings.provided.llm)
    router = providers.Singleton(
        build_llm_router,
        settings.provided.llm,
        http_clients=http_clients,
        cache=cache,
        ledger=usage,
        now=clock.provided.now,
    )
