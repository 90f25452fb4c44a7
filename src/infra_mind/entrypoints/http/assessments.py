"""Assessments: create (idempotent), list, get, update while draft (If-Match), delete."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from litestar import Controller, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, HeaderParameter, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from infra_mind.domain.access import Permission, Principal
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import ConcurrencyConflict, InvalidInput
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.tenancy import AuditAction
from infra_mind.entrypoints.http.problems import (
    PreconditionFailed,
    PreconditionRequired,
    problem_responses,
)
from infra_mind.entrypoints.http.schemas import API, Accepted, AssessmentPage, example_input
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.idempotency import IdempotencyRecord, IdempotencyStore
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.audit import AuditTrail

InputBody = Annotated[
    AssessmentInput,
    Body(
        title="AssessmentInput",
        description="What the team tells us (the shipped example shown).",
        examples=[Example(summary="fintech fraud model", value=example_input())],
    ),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=200,
        required=False,
        description="Repeat a create safely: the same key returns the same assessment.",
    ),
]
IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", required=False, description='The ETag from GET, e.g. "3".'),
]


def etag(a: Assessment) -> str:
    return f'"{a.version}"'


def expected_version(if_match: str | None, current: Assessment) -> int:
    """The version ``If-Match`` names; ``*`` means the current one."""
    if if_match is None:
        raise PreconditionRequired("updating an assessment needs If-Match with its ETag")
    tags = [t.strip().removeprefix("W/").strip('"') for t in if_match.split(",")]
    if "*" in tags:
        return current.version
    for tag in tags:
        if tag == str(current.version):
            return current.version
    raise PreconditionFailed(f"If-Match {if_match} does not match the current ETag {etag(current)}")


def fingerprint(data: AssessmentInput, draft: bool) -> str:
    doc = json.dumps([data.model_dump(mode="json"), draft], sort_keys=True)
    return hashlib.sha256(doc.encode()).hexdigest()


class AssessmentController(Controller):
    path = f"{API}/assessments"
    tags = ("assessments",)

    @post(
        "/",
        permission=Permission.WRITE,
        status_code=HTTP_202_ACCEPTED,
        responses=problem_responses(400, 409, 422, 429, 503),
        summary="Submit an assessment (queued at once unless draft=true)",
    )
    async def create(
        self,
        data: InputBody,
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        idempotency: NamedDependency[IdempotencyStore],
        ids: NamedDependency[IdGenerator],
        clock: NamedDependency[Clock],
        idempotency_key: IdempotencyKey = None,
        draft: Annotated[bool, QueryParameter(name="draft", description="store as draft")] = False,
    ) -> Response[Accepted]:
        if idempotency_key is None:
            created = await assessments.submit(tenant, data, start=not draft)
            return _accepted(created)
        record = await idempotency.reserve(
            IdempotencyRecord(
                tenant_id=tenant,
                key=idempotency_key,
                fingerprint=fingerprint(data, draft),
                resource_id=ids.new_id(),
                created_at=clock.now(),
            )
        )
        if record.fingerprint != fingerprint(data, draft):
            raise ConcurrencyConflict("idempotency key", idempotency_key, 0, None)
        try:
            created = await assessments.submit(
                tenant, data, start=not draft, assessment_id=record.resource_id
            )
            replayed = False
        except ConcurrencyConflict:
            created = await assessments.get(tenant, record.resource_id)
            replayed = True
        response = _accepted(created)
        response.headers["Idempotent-Replayed"] = "true" if replayed else "false"
        return response

    @get(
        "/",
        permission=Permission.READ,
        responses=problem_responses(400),
        summary="List assessments, newest first",
    )
    async def list_assessments(
        self,
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        status: Annotated[AssessmentStatus | None, QueryParameter(name="status")] = None,
        limit: Annotated[int, QueryParameter(name="limit", ge=1, le=200)] = 50,
        cursor: Annotated[str | None, QueryParameter(name="cursor", max_length=500)] = None,
    ) -> AssessmentPage:
        try:
            page = await assessments.list(tenant, status=status, limit=limit, cursor=cursor)
        except InvalidInput as exc:
            raise _query_error(exc) from None
        return AssessmentPage(items=page.items, next_cursor=page.next_cursor)

    @get(
        "/{assessment_id:str}",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="One assessment",
    )
    async def get_assessment(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
    ) -> Response[Assessment]:
        found = await assessments.get(tenant, assessment_id)
        return Response(found, headers={"ETag": etag(found)})

    @put(
        "/{assessment_id:str}",
        permission=Permission.WRITE,
        responses=problem_responses(400, 404, 409, 412, 422, 428),
        summary="Replace a draft's input (If-Match required)",
    )
    async def update_draft(
        self,
        assessment_id: FromPath[str],
        data: InputBody,
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        if_match: IfMatch = None,
    ) -> Response[Assessment]:
        current = await assessments.get(tenant, assessment_id)
        version = expected_version(if_match, current)
        try:
            updated = await assessments.update_draft(tenant, assessment_id, data, version)
        except ConcurrencyConflict as exc:
            raise PreconditionFailed(str(exc)) from None
        return Response(updated, headers={"ETag": etag(updated)})

    @delete(
        "/{assessment_id:str}",
        permission=Permission.DELETE,
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(404, 409),
        summary="Delete an assessment and everything stored for it",
    )
    async def delete_assessment(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        approvals: NamedDependency[ApprovalService],
        principal: NamedDependency[Principal],
        audit: NamedDependency[AuditTrail],
    ) -> None:
        await assessments.delete(tenant, assessment_id)
        await approvals.forget(tenant, assessment_id)
        await audit.record(tenant, AuditAction.ASSESSMENT_DELETED, principal, assessment_id)


def _accepted(a: Assessment) -> Response[Accepted]:
    return Response(
        Accepted.of(a),
        status_code=HTTP_202_ACCEPTED,
        headers={"Location": f"{API}/assessments/{a.id}", "ETag": etag(a)},
    )


def _query_error(exc: InvalidInput) -> ValidationException:
    return ValidationException(
        detail=str(exc),
        extra=[{"key": e.path, "message": e.reason, "source": "query"} for e in exc.errors],
    )
