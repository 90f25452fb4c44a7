"""Messaging sub-containers: event bus, job queue, cache, revocation list and rate-limit
counter, in-process or on Redis."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.adapters.inprocess.rate_limits import InProcessRateLimitCounter
from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.adapters.memory.revocation import InProcessRevocationList
from infra_mind.config import Settings


class InProcessMessaging(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    job_handler = providers.Dependency()
    events = providers.Singleton(InProcessEventBus)
    cache = providers.Singleton(InMemoryCache)
    # finished report files are large: a cache of their own, bounded to a few dozen
    report_cache = providers.Singleton(InMemoryCache, max_entries=64)
    report_queue = providers.Object(None)
    revocations = providers.Singleton(InProcessRevocationList)
    rate_limit_counter = providers.Singleton(InProcessRateLimitCounter)
    queue = providers.Singleton(
        InProcessJobQueue,
        handler=job_handler,
        concurrency=settings.provided.queue.concurrency,
    )


def messaging_for(settings: Settings) -> type[containers.DeclarativeContainer]:
    """The chosen backend's sub-container; Redis and arq are imported only when chosen."""
    if settings.queue.backend == "arq":
        from infra_mind.container.messaging_arq import ArqMessaging

        return ArqMessaging
    return InProcessMessaging
