"""The Litestar application factory: ``create_app(container)``; ``infra-mind serve`` runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.middleware.base import DefineMiddleware
from litestar.openapi import OpenAPIConfig

from infra_mind.container import (
    ApplicationContainer,
    build_container,
    start_container,
    stop_container,
)
from infra_mind.entrypoints.http.access import ApiKeyController, AuditController, AuthController
from infra_mind.entrypoints.http.assessments import AssessmentController
from infra_mind.entrypoints.http.authn import AUTHENTICATION, authorize
from infra_mind.entrypoints.http.catalog import CatalogAgeController
from infra_mind.entrypoints.http.chat import ChatController
from infra_mind.entrypoints.http.deps import DEPENDENCIES
from infra_mind.entrypoints.http.docs_assets import docs_assets, local_swagger
from infra_mind.entrypoints.http.embedded import reconcile_forever, supervise_queue
from infra_mind.entrypoints.http.events import EventsController
from infra_mind.entrypoints.http.health import HealthController
from infra_mind.entrypoints.http.hygiene import RequestHygiene
from infra_mind.entrypoints.http.insights import AnalyticsController, InsightsController
from infra_mind.entrypoints.http.problems import EXCEPTION_HANDLERS
from infra_mind.entrypoints.http.read_timeout import BodyReadTimeout
from infra_mind.entrypoints.http.recommendations import (
    AssessmentRecommendationsController,
    RecommendationController,
)
from infra_mind.entrypoints.http.reports import ReportsController
from infra_mind.entrypoints.http.request import JsonBodyRequest
from infra_mind.entrypoints.http.results import OutcomeController, ResultsController
from infra_mind.entrypoints.http.usage import UsageController
from infra_mind.entrypoints.http.workflow import WorkflowController
from infra_mind.entrypoints.redaction import install_redaction

CONTROLLERS = [
    AssessmentController,
    WorkflowController,
    ResultsController,
    ReportsController,
    OutcomeController,
    AssessmentRecommendationsController,
    CatalogAgeController,
    RecommendationController,
    InsightsController,
    AnalyticsController,
    ChatController,
    EventsController,
    HealthController,
    AuthController,
    ApiKeyController,
    AuditController,
    UsageController,
]


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    """Open the container's resources; with the in-process queue, serve it here,
    supervised, and reconcile in the background: unfinished assessments are enqueued
    again (recovery after a restart or a store outage) while the server already
    answers. Jobs run under leases, so processes sharing a store run each once."""
    container: ApplicationContainer = app.state.container
    await start_container(container)
    try:
        async with anyio.create_task_group() as tg:
            if container.settings().queue.backend == "inprocess":
                await tg.start(supervise_queue, container)
                tg.start_soon(reconcile_forever, container)
            app.state.serving = True  # /health/live: this process can still serve
            yield
            tg.cancel_scope.cancel()
    finally:
        app.state.serving = False
        await stop_container(container)


def create_app(container: ApplicationContainer | None = None) -> Litestar:
    """The API over ``container`` (built from the environment when None)."""
    install_redaction()
    container = container or build_container()
    http = container.settings().http
    return Litestar(
        route_handlers=[*CONTROLLERS, docs_assets()],
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        request_class=JsonBodyRequest,
        middleware=[
            DefineMiddleware(
                RequestHygiene,  # type: ignore[arg-type]  # plain-dict ASGI types
                allowed_origins=http.allowed_origins,
                hsts_max_age_s=http.hsts_max_age_s,
            ),
            DefineMiddleware(BodyReadTimeout, timeout_s=http.read_timeout_s),  # type: ignore[arg-type]  # plain-dict ASGI types
            AUTHENTICATION,
        ],
        cors_config=CORSConfig(
            allow_origins=list(http.allowed_origins),
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
            expose_headers=["ETag", "Location", "Retry-After", "Idempotent-Replayed"],
        )
        if http.allowed_origins
        else None,
        request_max_body_size=http.max_body_bytes,
        guards=[authorize],
        state=State({"container": container}),
        openapi_config=OpenAPIConfig(
            title="Infra Mind API",
            version="1.0.0",
            description="Submit AI-infrastructure assessments, follow them, read the advice.",
            path="/schema",
            render_plugins=[local_swagger()],
        ),
    )


def app_factory() -> Litestar:
    """For ``uvicorn --factory …app:app_factory``: one app (and container) per worker."""
    return create_app()
