"""arq WorkerSettings built around a container made in ``on_startup``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings as ArqRedisSettings

from infra_mind.adapters.arq.jobs import RECONCILE, RENDER_REPORT, RUN_ASSESSMENT, QueueKind
from infra_mind.adapters.arq.jobs import queue_name as arq_queue_name
from infra_mind.adapters.arq.serializer import deserialize, serialize
from infra_mind.adapters.redis.client import credentials, sentinel_addresses
from infra_mind.adapters.redis.settings import RedisSettings
from infra_mind.config import Settings, load_settings
from infra_mind.container import (
    ApplicationContainer,
    build_container,
    resolve,
    start_container,
    stop_container,
)
from infra_mind.entrypoints.worker.jobs import reconcile, render_report, run_assessment

ContainerFactory = Callable[[], ApplicationContainer]


def arq_redis_settings(redis: RedisSettings) -> ArqRedisSettings:
    """The worker's own connection, from the same settings as the container's
    (credentials and TLS included: arq hands them to every data-node connection)."""
    if redis.sentinels:
        found = ArqRedisSettings(
            host=sentinel_addresses(redis.sentinels),
            sentinel=True,
            sentinel_master=redis.sentinel_master,
        )
    else:
        found = ArqRedisSettings.from_dsn(redis.url)
    secrets = credentials(redis)
    found.username = secrets.get("username", found.username)
    found.password = secrets.get("password", found.password)
    if redis.tls:
        found.ssl, found.ssl_ca_certs = True, redis.tls_ca_file
    # No retries inside arq: ``run`` starts again after an outage, and stops at once
    # on credentials Redis refuses (arq would retry those too).
    found.conn_retries = 0
    return found


def make_worker_settings(
    container_factory: ContainerFactory | None = None,
    *,
    queue: QueueKind = "assessments",
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Keyword arguments for ``arq.Worker``. Tests pass a factory that overrides
    providers (slow agents) on the container it builds."""
    settings = settings or load_settings()
    factory = container_factory or (lambda: build_container(settings))
    q = settings.queue

    async def on_startup(ctx: dict[str, Any]) -> None:
        container = factory()
        await start_container(container)
        ctx["container"] = container
        if queue == "assessments":
            reconciler = await resolve(container.services.reconciler)
            await reconciler.reconcile()

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        container = ctx.pop("container", None)
        if container is not None:
            await stop_container(container)

    if queue == "assessments":
        functions = [func(run_assessment, name=RUN_ASSESSMENT, max_tries=1000)]
        seconds = set(range(0, 60, q.reconcile_s))
        cron_jobs = [cron(reconcile, name=RECONCILE, second=seconds, microsecond=0)]
    else:
        functions = [func(render_report, name=RENDER_REPORT)]
        cron_jobs = []
    return {
        "functions": functions,
        "cron_jobs": cron_jobs,
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "redis_settings": arq_redis_settings(settings.redis),
        "queue_name": arq_queue_name(settings.redis.key_prefix, queue),
        "max_jobs": q.concurrency,
        "job_timeout": q.job_timeout_s,
        "keep_result": 0,
        "poll_delay": 0.2,
        "health_check_key": f"{settings.redis.key_prefix}:health:{queue}",
        # JSON checked against our job schema, never arq's default pickle
        # (adapters/arq/serializer.py): reading a job must not be able to run code.
        "job_serializer": serialize,
        "job_deserializer": deserialize,
    }
