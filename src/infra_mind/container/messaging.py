"""Messaging sub-containers: event bus and job queue, in-process or on Redis."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.arq.queue import ArqJobQueue
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.adapters.redis.cache import RedisCache
from infra_mind.adapters.redis.client import redis_client
from infra_mind.adapters.redis.events import RedisEventBus
from infra_mind.config import Settings


class InProcessMessaging(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    job_handler = providers.Dependency()
    events = providers.Singleton(InProcessEventBus)
    cache = providers.Singleton(InMemoryCache)
    queue = providers.Singleton(
        InProcessJobQueue,
        handler=job_handler,
        concurrency=settings.provided.queue.concurrency,
    )


class ArqMessaging(containers.DeclarativeContainer):
    """Scale-out: jobs go to Redis for worker processes; ``job_handler`` is unused
    here (workers run jobs through their own container)."""

    settings = providers.Dependency(instance_of=Settings)
    job_handler = providers.Dependency()
    redis = providers.Resource(redis_client, settings=settings.provided.redis)
    events = providers.Singleton(
        RedisEventBus, redis=redis, prefix=settings.provided.redis.key_prefix
    )
    queue = providers.Singleton(ArqJobQueue, redis=redis, prefix=settings.provided.redis.key_prefix)
    cache = providers.Singleton(
        RedisCache,
        redis,
        providers.Callable(lambda p: f"{p}:cache:", settings.provided.redis.key_prefix),
    )


def messaging_for(settings: Settings) -> type[containers.DeclarativeContainer]:
    backends: dict[str, type[containers.DeclarativeContainer]] = {
        "inprocess": InProcessMessaging,
        "arq": ArqMessaging,
    }
    return backends[settings.queue.backend]
