"""API sub-container: the approval and read-model services the HTTP API uses.

The approval and idempotency stores come from the storage sub-container, so
they live wherever the assessments do.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.config import Settings
from infra_mind.services.analytics import AnalyticsService
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.chat import ChatService
from infra_mind.services.insights import InsightService


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

    approval_service = providers.Singleton(
        ApprovalService,
        approvals=approvals_repo,
        recommendations=recommendations_repo,
        clock=clock,
        ids=ids,
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
