"""Messaging sub-containers: event bus and job queue, in-process or on Redis."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.config import Settings


class InProcessMessaging(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    job_handler = providers.Dependency()
    events = providers.Singleton(InProcessEventBus)
    queue = providers.Singleton(
        InProcessJobQueue,
        handler=job_handler,
        concurrency=settings.provided.queue.concurrency,
    )


def messaging_for(settings: Settings) -> type[containers.DeclarativeContainer]:
    backends: dict[str, type[containers.DeclarativeContainer]] = {
        "inprocess": InProcessMessaging,
    }
    return backends[settings.queue.backend]
