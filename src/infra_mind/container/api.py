"""API sub-container: the approval and read-model services the HTTP API uses.

The approval and idempotency stores come from the storage sub-container, so
they live wherever the assessments do.
"""

from __future__ import annotations

import inspect
from typing import Any

from dependency_injector import containers, providers

from infra_mind.config import Settings
from infra_mind.ports.clock import Clock
from infra_mind.ports.rate_limits import RateLimitCounter
from infra_mind.services.analytics import AnalyticsService
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.chat import ChatService
from infra_mind.services.insights import InsightService
from infra_mind.services.rate_limits import RateLimitSettings, RequestRateLimits
from infra_mind.services.readiness import Check, Readiness
from infra_mind.services.usage import UsageService


def request_rate_limits(
    settings: Settings, counter: RateLimitCounter, clock: Clock
) -> RequestRateLimits | None:
    """The per-request limiter, or None with ``INFRA_MIND_LIMITS__RATE_LIMITS=false``."""
    limits = settings.limits
    if not limits.rate_limits:
        return None
    return RequestRateLimits(
        counter,
        clock,
        RateLimitSettings(
            window_s=limits.window_s,
            per_principal=limits.per_principal,
            per_tenant=limits.per_tenant,
        ),
    )


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
    quota_service = providers.Dependency()
    usage_ledger = providers.Dependency()
    rate_limit_counter = providers.Dependency()

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
    usage_service = providers.Singleton(
        UsageService,
        quotas=quota_service,
        assessments=assessments_repo,
        results=results_repo,
        ledger=usage_ledger,
        clock=clock,
    )
    rate_limits = providers.Singleton(request_rate_limits, settings, rate_limit_counter, clock)


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
