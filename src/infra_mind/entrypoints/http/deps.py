"""Dependency providers: every handler gets its services from the container in ``app.state``."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import Provide
from litestar.types import Scope

from infra_mind.config import Settings
from infra_mind.container import ApplicationContainer, resolve
from infra_mind.domain.access import Principal
from infra_mind.domain.errors import Unauthenticated
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.events import EventBus
from infra_mind.ports.idempotency import IdempotencyStore
from infra_mind.services.analytics import AnalyticsService
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.audit import AuditTrail
from infra_mind.services.auth import AuthService
from infra_mind.services.chat import ChatService
from infra_mind.services.insights import InsightService
from infra_mind.services.readiness import Readiness
from infra_mind.services.reports.service import ReportService
from infra_mind.services.usage import UsageService


def container_of(state: State) -> ApplicationContainer:
    container: ApplicationContainer = state.container
    return container


def provide_settings(state: State) -> Settings:
    settings: Settings = container_of(state).settings()
    return settings


def provide_principal(scope: Scope) -> Principal:
    """The authenticated caller (set by the authentication middleware)."""
    principal = scope.get("user")
    if not isinstance(principal, Principal):
        raise Unauthenticated()
    return principal


def provide_tenant(scope: Scope) -> str:
    """The caller's tenant: always the principal's, never anything the request names."""
    return provide_principal(scope).tenant_id


async def provide_auth(state: State) -> AuthService:
    service: AuthService = await resolve(container_of(state).auth.auth_service)
    return service


async def provide_audit(state: State) -> AuditTrail:
    trail: AuditTrail = await resolve(container_of(state).auth.audit)
    return trail


async def provide_assessments(state: State) -> AssessmentService:
    service: AssessmentService = await resolve(container_of(state).services.assessment_service)
    return service


async def provide_approvals(state: State) -> ApprovalService:
    service: ApprovalService = await resolve(container_of(state).api.approval_service)
    return service


async def provide_insights(state: State) -> InsightService:
    service: InsightService = await resolve(container_of(state).api.insight_service)
    return service


async def provide_analytics(state: State) -> AnalyticsService:
    service: AnalyticsService = await resolve(container_of(state).api.analytics_service)
    return service


async def provide_idempotency(state: State) -> IdempotencyStore:
    store: IdempotencyStore = await resolve(container_of(state).api.idempotency)
    return store


async def provide_event_bus(state: State) -> EventBus:
    bus: EventBus = await resolve(container_of(state).messaging.events)
    return bus


async def provide_chat(state: State) -> ChatService:
    service: ChatService = await resolve(container_of(state).api.chat_service)
    return service


async def provide_readiness(state: State) -> Readiness:
    readiness: Readiness = await resolve(container_of(state).api.readiness)
    return readiness


async def provide_reports(state: State) -> ReportService:
    service: ReportService = await resolve(container_of(state).reports.report_service)
    return service


async def provide_usage(state: State) -> UsageService:
    service: UsageService = await resolve(container_of(state).api.usage_service)
    return service


def provide_ids(state: State) -> IdGenerator:
    ids: IdGenerator = container_of(state).core.ids()
    return ids


def provide_clock(state: State) -> Clock:
    clock: Clock = container_of(state).core.clock()
    return clock


DEPENDENCIES: dict[str, Provide] = {
    "settings": Provide(provide_settings, sync_to_thread=False),
    "tenant": Provide(provide_tenant, sync_to_thread=False),
    "principal": Provide(provide_principal, sync_to_thread=False),
    "auth": Provide(provide_auth),
    "audit": Provide(provide_audit),
    "assessments": Provide(provide_assessments),
    "approvals": Provide(provide_approvals),
    "insights": Provide(provide_insights),
    "analytics": Provide(provide_analytics),
    "idempotency": Provide(provide_idempotency),
    "events": Provide(provide_event_bus),
    "chat": Provide(provide_chat),
    "readiness": Provide(provide_readiness),
    "reports": Provide(provide_reports),
    "usage": Provide(provide_usage),
    "ids": Provide(provide_ids, sync_to_thread=False),
    "clock": Provide(provide_clock, sync_to_thread=False),
}
