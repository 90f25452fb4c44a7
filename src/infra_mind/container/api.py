"""API sub-container: the approval and read-model services the HTTP API uses.

The approval and idempotency stores come from the storage sub-container, so
they live wherever the assessments do.
"""

from __future__ import annotations

import inspect
from typing import Any

from dependency_injector import containers, providers

from infra_mind.config import Settings
from infra_mind.services.analytics import AnalyticsService
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.chat import ChatService
from infra_mind.services.insights import InsightService
from infra_mind.services.readiness import Check, Readiness


class ApiContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Dependency()
    ids = providers.Dependency()
    assessments_repo = providers.Dependency()
    results_repo = providers.Dependency()
    recommendations_repo = providers.Dependency()
    approvals_repo = providers.Dependency()
    idempotency = providers.Dependency()
    narrator = providers.Dependency()
    readiness_checks = providers.Dependency()
    audit = providers.Dependency()

    approval_service = providers.Singleton(
        ApprovalService,
        approvals=approvals_repo,
        recommendations=recommendations_repo,
        clock=clock,
        ids=ids,
        audit=audit,
    )
    insight_service = providers.Singleton(
        InsightService,
        assessments=assessments_repo,
        results=results_repo,
        recommendations=recommendations_repo,
    )
    chat_service = providers.Singleton(
        ChatService, results=results_repo, recommendations=recommendations_repo, narrator=narrator
    )
    analytics_service = providers.Singleton(
        AnalyticsService, assessments=assessments_repo, recommendations=recommendations_repo
    )
    readiness = providers.Singleton(Readiness, checks=readiness_checks)


def readiness_checks(settings: Settings, storage: Any, messaging: Any) -> dict[str, Check]:
    """What ``/health/ready`` probes: the store (a read and a write round trip), and
    Redis when the queue is arq or the in-process job runner otherwise.

    ``storage`` and ``messaging`` are the application's sub-container slots; the
    providers are looked up when a probe runs, after the resources started."""

    async def resolve(provider: Any) -> Any:
        value = provider()
        return await value if inspect.isawaitable(value) else value

    async def storage_ping() -> None:
        await resolve(storage.ping)

    async def redis_ping() -> None:
        await (await resolve(messaging.redis)).ping()

    async def runner_alive() -> None:
        if not (await resolve(messaging.queue)).alive:
            raise RuntimeError("the in-process job runner is not running")

    checks: dict[str, Check] = {"storage": storage_ping}
    if settings.queue.backend == "arq":
        checks["redis"] = redis_ping
    else:
        checks["queue"] = runner_alive
    return checks
