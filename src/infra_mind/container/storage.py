"""Storage sub-containers, one per backend, each exposing the same providers."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
    InMemoryRecommendationRepository,
)
from infra_mind.config import Settings


class MemoryStorage(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    assessments = providers.Singleton(InMemoryAssessmentRepository)
    results = providers.Singleton(InMemoryAgentResultRepository)
    recommendations = providers.Singleton(InMemoryRecommendationRepository)


def storage_for(settings: Settings) -> containers.DeclarativeContainer:
    backends: dict[str, type[containers.DeclarativeContainer]] = {
        "memory": MemoryStorage,
    }
    return backends[settings.storage.backend](settings=settings)
