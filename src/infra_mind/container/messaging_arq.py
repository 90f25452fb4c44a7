"""Redis messaging sub-container: arq job queue, pub/sub events and the shared cache
(imported only when ``INFRA_MIND_QUEUE__BACKEND=arq``)."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.arq.queue import ArqJobQueue
from infra_mind.adapters.redis.cache import RedisCache
from infra_mind.adapters.redis.client import redis_client, redis_replica_client
from infra_mind.adapters.redis.events import RedisEventBus
from infra_mind.adapters.redis.rate_limits import RedisRateLimitCounter
from infra_mind.adapters.redis.revocation import RedisRevocationList
from infra_mind.config import Settings


def cache_prefix(key_prefix: str) -> str:
    return f"{key_prefix}:cache:"


class ArqMessaging(containers.DeclarativeContainer):
    """Scale-out: jobs go to Redis for worker processes; ``job_handler`` is unused
    here (workers run jobs through their own container)."""

    settings = providers.Dependency(instance_of=Settings)
    job_handler = providers.Dependency()
    redis = providers.Resource(redis_client, settings=settings.provided.redis)
    # Only the cache reads from replicas: jobs and events need the master's current state.
    redis_reads = providers.Resource(redis_replica_client, settings=settings.provided.redis)
    events = providers.Singleton(
        RedisEventBus, redis=redis, prefix=settings.provided.redis.key_prefix
    )
    queue = providers.Singleton(ArqJobQueue, redis=redis, prefix=settings.provided.redis.key_prefix)
    cache = providers.Singleton(
        RedisCache,
        redis,
        providers.Callable(cache_prefix, settings.provided.redis.key_prefix),
        reader=redis_reads,
    )
    # shared by API processes and reports workers: a worker's render is served by any API
    report_cache = cache
    report_queue = queue
    revocations = providers.Singleton(
        RedisRevocationList, redis, prefix=settings.provided.redis.key_prefix
    )
    # the same Sentinel-aware client: counters follow a failover like everything else
    rate_limit_counter = providers.Singleton(
        RedisRateLimitCounter, redis, prefix=settings.provided.redis.key_prefix
    )
