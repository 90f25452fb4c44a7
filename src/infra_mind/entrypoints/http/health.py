"""Liveness (the process answers) and readiness (storage answers)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency

from infra_mind.domain.errors import StorageUnavailable
from infra_mind.entrypoints.http.schemas import Health
from infra_mind.services.assessments import AssessmentService


class HealthController(Controller):
    path = "/health"
    tags = ("health",)

    @get("/live", summary="The process is up")
    async def live(self) -> Health:
        return Health(status="ok")

    @get("/ready", summary="Storage answers; 503 when it does not")
    async def ready(
        self, tenant: NamedDependency[str], assessments: NamedDependency[AssessmentService]
    ) -> Response[Health]:
        try:
            await assessments.list(tenant, limit=1)
        except StorageUnavailable as exc:
            return Response(Health(status="unavailable", detail=str(exc)), status_code=503)
        return Response(Health(status="ok"))
