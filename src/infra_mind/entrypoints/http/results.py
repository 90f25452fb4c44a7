"""The outcome (feasibility, recommendations, results), every node's checkpoint, or one role's."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from infra_mind.domain.access import Permission
from infra_mind.domain.errors import NotFound
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.results import AgentResult
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.services.assessments import AssessmentService


class ResultsController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}/results"
    tags = ("results",)

    @get(
        "/",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="All agent results, in graph order",
    )
    async def all_results(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> list[AgentResult]:
        return (await assessments.outcome(tenant, assessment_id)).results

    @get(
        "/{role:str}",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="One agent's (or node's) result",
    )
    async def one_result(
        self,
        assessment_id: FromPath[str],
        role: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> AgentResult:
        result = (await assessments.outcome(tenant, assessment_id)).result(role)
        if result is None:
            raise NotFound("agent result", role)
        return result


class OutcomeController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}/outcome"
    tags = ("results",)

    @get(
        "/",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="The whole outcome: feasibility first, recommendations, results, one total",
        description=(
            "feasibility.status is feasible, over_budget or infeasible; when infeasible, "
            "feasibility.closest is the nearest plan and feasibility.remedies what would make "
            "the request feasible (docs/outcome.md)."
        ),
    )
    async def outcome(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> AssessmentOutcome:
        return await assessments.outcome(tenant, assessment_id)
