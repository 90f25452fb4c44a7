"""Workflow control: start, pause, resume, cancel, and status with per-node progress."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.status_codes import HTTP_202_ACCEPTED

from infra_mind.domain.access import Permission
from infra_mind.domain.assessment import Assessment, NodeProgress
from infra_mind.domain.workflow import assessment_graph
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API, WorkflowStatus
from infra_mind.services.assessments import AssessmentService

CONTROL = problem_responses(404, 409, 503)


def workflow_status(a: Assessment) -> WorkflowStatus:
    """Every graph node, pending until the engine has touched it."""
    nodes = {n: a.progress.get(n, NodeProgress()) for n in assessment_graph().topological_order()}
    nodes |= a.progress
    done = sum(p.status.value == "completed" for p in nodes.values())
    return WorkflowStatus(
        id=a.id,
        status=a.status,
        requested=a.requested,
        progress=done / len(nodes),
        runs=a.runs,
        error=a.error,
        nodes=nodes,
    )


class WorkflowController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}"
    tags = ("workflow",)

    @post(
        "/start",
        permission=Permission.RUN,
        status_code=HTTP_202_ACCEPTED,
        responses=CONTROL,
        summary="Queue a draft or retry a failed run",
    )
    async def start(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> WorkflowStatus:
        return workflow_status(await assessments.start(tenant, assessment_id))

    @post(
        "/pause",
        permission=Permission.RUN,
        status_code=HTTP_202_ACCEPTED,
        responses=CONTROL,
        summary="Pause (running nodes finish)",
    )
    async def pause(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> WorkflowStatus:
        return workflow_status(await assessments.pause(tenant, assessment_id))

    @post(
        "/resume",
        permission=Permission.RUN,
        status_code=HTTP_202_ACCEPTED,
        responses=CONTROL,
        summary="Resume a paused run",
    )
    async def resume(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> WorkflowStatus:
        return workflow_status(await assessments.resume(tenant, assessment_id))

    @post(
        "/cancel",
        permission=Permission.RUN,
        status_code=HTTP_202_ACCEPTED,
        responses=CONTROL,
        summary="Cancel the run",
    )
    async def cancel(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> WorkflowStatus:
        return workflow_status(await assessments.cancel(tenant, assessment_id))

    @get(
        "/status",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Status and per-node progress",
    )
    async def status(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> WorkflowStatus:
        return workflow_status(await assessments.get(tenant, assessment_id))
