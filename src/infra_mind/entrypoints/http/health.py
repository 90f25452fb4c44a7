"""Liveness (the process answers) and readiness (storage, and Redis on arq, answer)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from infra_mind.entrypoints.http.problems import FieldProblem, problem, problem_responses
from infra_mind.entrypoints.http.schemas import Health
from infra_mind.services.readiness import Readiness


class HealthController(Controller):
    path = "/health"
    tags = ("health",)

    @get(
        "/live",
        exclude_from_auth=True,
        summary="The process can serve: 503 once its resources are closed (restart it)",
        responses=problem_responses(503, public=True),
    )
    async def live(self, request: Request[Any, Any, Any]) -> Response[Any]:
        # False once the lifespan has ended (its resources closed): the process still
        # answers HTTP but can no longer serve a request, so only a restart helps.
        if request.app.state.get("serving", False):
            return Response(Health(status="ok"))
        return problem(request, 503, "unavailable", "this process can no longer serve")

    @get(
        "/ready",
        exclude_from_auth=True,
        summary="Storage (and Redis, with the arq queue) answer; 503 naming what is down",
        responses=problem_responses(503, public=True),
    )
    async def ready(
        self, request: Request[Any, Any, Any], readiness: NamedDependency[Readiness]
    ) -> Response[Any]:
        down = await readiness.down()
        if not down:
            return Response(Health(status="ok"))
        return problem(
            request,
            503,
            "unavailable",
            "not ready: " + ", ".join(down) + " unavailable",
            errors=[FieldProblem(path=name, reason=reason) for name, reason in down.items()],
            headers={"Retry-After": "5"},
        )
