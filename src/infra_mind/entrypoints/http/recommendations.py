"""Recommendations with their cost, compliance and plan; approvals and their history."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_201_CREATED
from pydantic import TypeAdapter

from infra_mind.domain.access import Permission, Principal
from infra_mind.domain.approval import Approval
from infra_mind.domain.recommendation import RecommendationBundle
from infra_mind.entrypoints.http.encoding import json_response
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API, ApprovalRequest
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.assessments import AssessmentService

DecisionBody = Annotated[
    ApprovalRequest,
    Body(
        examples=[
            Example(
                summary="approve",
                value={"decision": "approve", "comment": "Within budget."},
            ),
            Example(
                summary="reject",
                value={"decision": "reject", "role": "admin", "comment": "Needs EU residency."},
            ),
        ]
    ),
]


BUNDLES = TypeAdapter(list[RecommendationBundle])


class AssessmentRecommendationsController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}"
    tags = ("recommendations",)

    @get(
        "/recommendations",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Ranked recommendations, each with cost, compliance and plan",
    )
    async def list_recommendations(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        approvals: NamedDependency[ApprovalService],
    ) -> Response[list[RecommendationBundle]]:
        bundles = await assessments.recommendations(tenant, assessment_id)
        stated = await approvals.with_states(tenant, assessment_id, bundles)
        return json_response(BUNDLES, stated)

    @get(
        "/approvals",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Every approval decision on this assessment, oldest first",
    )
    async def assessment_approvals(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        approvals: NamedDependency[ApprovalService],
    ) -> list[Approval]:
        await assessments.get(tenant, assessment_id)
        return await approvals.for_assessment(tenant, assessment_id)


class RecommendationController(Controller):
    path = f"{API}/recommendations/{{recommendation_id:str}}"
    tags = ("recommendations",)

    @get(
        "/",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="One recommendation with its documents",
    )
    async def get_recommendation(
        self,
        recommendation_id: FromPath[str],
        tenant: NamedDependency[str],
        approvals: NamedDependency[ApprovalService],
    ) -> RecommendationBundle:
        return await approvals.bundle(tenant, recommendation_id)

    @post(
        "/approvals",
        permission=Permission.APPROVE,
        status_code=HTTP_201_CREATED,
        responses=problem_responses(400, 404, 422),
        summary="Approve or reject under the caller's role, with a comment (history kept)",
    )
    async def decide(
        self,
        recommendation_id: FromPath[str],
        data: DecisionBody,
        principal: NamedDependency[Principal],
        approvals: NamedDependency[ApprovalService],
    ) -> Approval:
        return await approvals.decide(
            principal, recommendation_id, data.decision, role=data.role, comment=data.comment
        )

    @get(
        "/approvals",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Decision history, oldest first",
    )
    async def history(
        self,
        recommendation_id: FromPath[str],
        tenant: NamedDependency[str],
        approvals: NamedDependency[ApprovalService],
    ) -> list[Approval]:
        return await approvals.history(tenant, recommendation_id)
