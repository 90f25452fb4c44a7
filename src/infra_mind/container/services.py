"""Services sub-container: use cases, the engine and the agents, from ports only."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from datetime import date
from functools import partial

from dependency_injector import containers, providers

from infra_mind.config import Settings
from infra_mind.domain.knowledge.age import CatalogAge, catalog_age
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.services.admission import AdmissionControl, AdmissionSettings
from infra_mind.services.agents.catalog import build_agents, checked_graph
from infra_mind.services.agents.narration import Narrator
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.chat import ChatService
from infra_mind.services.leases import LeasedRunner, LeaseSettings
from infra_mind.services.quotas import TenantQuotaService
from infra_mind.services.reconciler import Reconciler
from infra_mind.services.workflow.engine import EngineSettings, WorkflowEngine


def lease_settings(settings: Settings) -> LeaseSettings:
    return LeaseSettings(ttl_s=settings.queue.lease_ttl_s, heartbeat_s=settings.queue.heartbeat_s)


def worker_id() -> str:
    """Unique per process: the owner named on the leases this process holds."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def admission_settings(settings: Settings) -> AdmissionSettings:
    a = settings.admission
    return AdmissionSettings(
        max_queued=a.max_queued,
        max_queued_per_tenant=a.max_queued_per_tenant,
        assumed_completions_per_s=a.assumed_completions_per_s,
        refresh_s=a.refresh_s,
    )


def quota_defaults(settings: Settings) -> TenantQuotas:
    q = settings.limits
    return TenantQuotas(
        assessments_per_month=q.assessments_per_month,
        concurrent_assessments=q.concurrent_assessments,
        llm_spend_cents_per_month=q.llm_spend_cents_per_month,
    )


def engine_settings(settings: Settings) -> EngineSettings:
    e = settings.engine
    return EngineSettings(
        node_timeout_s=e.node_timeout_s,
        max_attempts=e.max_attempts,
        backoff_base_s=e.backoff_base_s,
        backoff_max_s=e.backoff_max_s,
        control_poll_s=e.control_poll_s,
    )


def catalog_age_on(knowledge: KnowledgeBase, settings: Settings) -> Callable[[date], CatalogAge]:
    """The catalog's age on a given day, against ``INFRA_MIND_CATALOG__MAX_AGE_DAYS``."""
    return partial(catalog_age, knowledge, max_age_days=settings.catalog.max_age_days)


class ServicesContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Dependency()
    ids = providers.Dependency()
    knowledge = providers.Dependency()
    compute = providers.Dependency()
    assessments_repo = providers.Dependency()
    results_repo = providers.Dependency()
    recommendations_repo = providers.Dependency()
    events = providers.Dependency()
    queue = providers.Dependency()
    llm = providers.Dependency()
    tenants_repo = providers.Dependency()
    usage = providers.Dependency()
    audit = providers.Dependency()

    narrator = providers.Singleton(
        Narrator, llm=llm, max_concurrency=settings.provided.llm.max_concurrency
    )
    agents = providers.Singleton(
        build_agents,
        knowledge=knowledge,
        narrator=narrator,
        recommendations=recommendations_repo,
        ids=ids,
        clock=clock,
        compute=compute,
    )
    engine = providers.Singleton(
        WorkflowEngine,
        graph=providers.Object(checked_graph()),  # GraphMismatch stops start-up
        run_node=agents,
        assessments=assessments_repo,
        results=results_repo,
        events=events,
        clock=clock,
        settings=providers.Factory(engine_settings, settings),
    )
    admission = providers.Singleton(
        AdmissionControl,
        assessments=assessments_repo,
        clock=clock,
        settings=providers.Factory(admission_settings, settings),
    )
    quota_service = providers.Singleton(
        TenantQuotaService,
        tenants=tenants_repo,
        assessments=assessments_repo,
        ledger=usage,
        clock=clock,
        defaults=providers.Factory(quota_defaults, settings),
        audit=audit,
    )
    assessment_service = providers.Singleton(
        AssessmentService,
        admission=admission,
        quotas=quota_service,
        assessments=assessments_repo,
        results=results_repo,
        recommendations=recommendations_repo,
        queue=queue,
        events=events,
        clock=clock,
        ids=ids,
        catalog_age=providers.Factory(catalog_age_on, knowledge, settings),
    )
    worker_runner = providers.Singleton(
        LeasedRunner,
        engine=engine,
        assessments=assessments_repo,
        queue=queue,
        clock=clock,
        owner=providers.Singleton(worker_id),
        settings=providers.Factory(lease_settings, settings),
    )
    reconciler = providers.Singleton(
        Reconciler,
        assessments=assessments_repo,
        queue=queue,
        clock=clock,
        grace_s=settings.provided.queue.reconcile_s,
    )
    # The embedded runner's start-up pass: no queued assessment can be on its way
    # to an in-process queue that has just started, so there is no grace period.
    startup_reconciler = providers.Singleton(
        Reconciler, assessments=assessments_repo, queue=queue, clock=clock, grace_s=0.0
    )
    chat_service = providers.Singleton(
        ChatService, results=results_repo, recommendations=recommendations_repo, narrator=narrator
    )
