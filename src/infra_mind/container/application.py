"""The application container and the one function that assembles it."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from dependency_injector import containers, providers

from infra_mind.adapters.catalog.store import missing_catalog
from infra_mind.adapters.redis.settings import CredentialsRejected
from infra_mind.config import ConfigurationError, Settings, load_settings
from infra_mind.container.api import ApiContainer, readiness_checks
from infra_mind.container.auth import AuthContainer
from infra_mind.container.catalog import CatalogContainer
from infra_mind.container.core import CoreContainer
from infra_mind.container.llm import LLMContainer
from infra_mind.container.messaging import messaging_for
from infra_mind.container.reports import ReportsContainer
from infra_mind.container.services import ServicesContainer
from infra_mind.container.storage import storage_for


class ApplicationContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    core = providers.Container(CoreContainer, settings=settings)
    catalog = providers.Container(CatalogContainer, settings=settings)
    storage = providers.DependenciesContainer()
    messaging = providers.DependenciesContainer()
    llm = providers.DependenciesContainer()
    services = providers.DependenciesContainer()
    api = providers.DependenciesContainer()
    reports = providers.DependenciesContainer()
    auth = providers.DependenciesContainer()


def build_container(settings: Settings | None = None) -> ApplicationContainer:
    """A fresh container for ``settings`` (read from the environment when None).

    Nothing starts here: the entrypoint calls ``await container.init_resources()``
    and ``shutdown_resources()`` in its own lifecycle.
    """
    settings = settings or load_settings()
    if settings.catalog.dir is not None and (problem := missing_catalog(settings.catalog.dir)):
        # checked here so a wrong path is a settings error at start-up, not a failed run
        raise ConfigurationError(f"invalid settings: INFRA_MIND_CATALOG__DIR: {problem}")
    c = ApplicationContainer(settings=settings)
    storage = storage_for(settings)
    c.storage.override(storage)
    c.llm.override(
        LLMContainer(
            settings=settings, clock=c.core.clock, cache=c.messaging.cache, usage=c.storage.usage
        )
    )
    auth = AuthContainer(
        settings=settings,
        clock=c.core.clock,
        ids=c.core.ids,
        tenants_repo=c.storage.tenants,
        api_keys_repo=c.storage.api_keys,
        audit_log=c.storage.audit_log,
        revocations=c.messaging.revocations,
    )
    c.auth.override(auth)
    services = ServicesContainer(
        settings=settings,
        clock=c.core.clock,
        ids=c.core.ids,
        knowledge=c.core.knowledge,
        compute=c.core.compute,
        assessments_repo=c.storage.assessments,
        results_repo=c.storage.results,
        recommendations_repo=c.storage.recommendations,
        events=c.messaging.events,
        queue=c.messaging.queue,
        llm=c.llm.router,
        tenants_repo=c.storage.tenants,
        usage=c.storage.usage,
        audit=auth.audit,
    )
    # The in-process queue runs jobs through the leased runner, like an arq worker,
    # so embedded processes sharing one store never run an assessment twice. The
    # runner is looked up per job: it needs the queue, which needs the handler.
    job_handler = providers.Object(partial(_run_leased, services.worker_runner))
    c.messaging.override(messaging_for(settings)(settings=settings, job_handler=job_handler))
    c.services.override(services)
    c.reports.override(
        ReportsContainer(
            settings=settings,
            assessment_service=services.assessment_service,
            cache=c.messaging.report_cache,
            queue=c.messaging.report_queue,
        )
    )
    c.api.override(
        ApiContainer(
            settings=settings,
            clock=c.core.clock,
            ids=c.core.ids,
            assessments_repo=c.storage.assessments,
            results_repo=c.storage.results,
            recommendations_repo=c.storage.recommendations,
            approvals_repo=c.storage.approvals,
            idempotency=c.storage.idempotency,
            narrator=services.narrator,
            readiness_checks=providers.Object(readiness_checks(settings, c.storage, c.messaging)),
            audit=auth.audit,
            quota_service=services.quota_service,
            usage_ledger=c.storage.usage,
            rate_limit_counter=c.messaging.rate_limit_counter,
        )
    )
    return c


async def _run_leased(runner: Any, tenant_id: str, assessment_id: str) -> object:
    leased = await resolve(runner)
    return await leased.run(tenant_id, assessment_id)


async def _maybe_await(value: object) -> None:
    if inspect.isawaitable(value):
        await value


async def start_container(container: ApplicationContainer) -> None:
    """Open every resource (clients, pools); sync or async alike. Credentials a server
    refuses are a settings error like any other (exit 2 naming the variables)."""
    try:
        await _maybe_await(container.init_resources())
    except CredentialsRejected as exc:
        raise ConfigurationError(f"invalid settings: {exc}") from None


async def stop_container(container: ApplicationContainer) -> None:
    await _maybe_await(container.shutdown_resources())


@asynccontextmanager
async def running_container(
    container: ApplicationContainer | None = None,
) -> AsyncIterator[ApplicationContainer]:
    """``container`` (built from the environment when None) with its resources open."""
    container = container or build_container()
    await start_container(container)
    try:
        yield container
    finally:
        await stop_container(container)


async def resolve(provider: Any) -> Any:
    """A provider's value, awaiting it when it depends on an async resource."""
    value = provider()
    return await value if inspect.isawaitable(value) else value
