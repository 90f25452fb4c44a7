"""RFC 9457 problem details: every error the API answers, as ``application/problem+json``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from pydantic import BaseModel, Field, ValidationError

from infra_mind.domain.errors import (
    AlreadyExists,
    AuthUnavailable,
    ConcurrencyConflict,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotFound,
    QuotaExceeded,
    StorageUnavailable,
    TooManyRequests,
    Unauthenticated,
)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://infra-mind.dev/problems/"
log = logging.getLogger(__name__)


class FieldProblem(BaseModel):
    path: str = Field(examples=["business.budget.monthly_limit_usd"])
    reason: str = Field(examples=["Input should be greater than 0"])


class QuotaProblem(BaseModel):
    """Which tenant quota refused the request, its limit, its use and when it resets (null
    for ``concurrent_assessments``: it frees up as queued or running assessments finish)."""

    quota: str = Field(examples=["assessments_per_month"])
    limit: int
    used: int
    resets_at: datetime | None = None


class Problem(BaseModel):
    """RFC 9457 problem details with field-level ``errors`` (and ``quota`` on a quota's 429)."""

    type: str = Field(examples=[TYPE_BASE + "invalid-body"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)
    quota: QuotaProblem | None = None


class PreconditionFailed(Exception):
    """An ``If-Match`` that does not match the current ETag."""


class PreconditionRequired(Exception):
    """A change that needs ``If-Match`` arrived without it."""


def problem_responses(*codes: int, public: bool = False) -> dict[int, ResponseSpec]:
    """OpenAPI ``responses`` documenting each error status as a Problem; routes
    that need credentials (all but ``public`` ones) also answer 401, 403 and 429 (the
    request rate limits)."""
    if not public:
        codes = tuple(sorted({*codes, 401, 403, 429}))
    return {
        code: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_JSON,
            description=HTTPStatus(code).phrase,
            generate_examples=False,
        )
        for code in codes
    }


def problem(
    request: Request[Any, Any, Any],
    status: int,
    kind: str,
    detail: str,
    errors: Iterable[FieldProblem] = (),
    headers: Mapping[str, str] | None = None,
    quota: QuotaProblem | None = None,
) -> Response[dict[str, Any]]:
    body = Problem(
        type=TYPE_BASE + kind,
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=list(errors),
        quota=quota,
    )
    return Response(
        body.model_dump(mode="json", exclude={"quota"} if quota is None else None),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


def _pydantic_errors(exc: ValidationError, prefix: str = "") -> list[FieldProblem]:
    return [
        FieldProblem(
            path=".".join([prefix, *map(str, e["loc"])] if prefix else map(str, e["loc"]))
            or "(body)",
            reason=e["msg"],
        )
        for e in exc.errors()
    ]


def _litestar_errors(exc: ValidationException) -> tuple[list[FieldProblem], bool]:
    """Field problems from Litestar's ``extra`` and whether the body was at fault."""
    items = exc.extra if isinstance(exc.extra, list) else []
    problems, body = [], False
    for item in items:
        if not isinstance(item, dict):
            continue
        raw = item.get("source") or ""
        source = str(getattr(raw, "value", raw))
        body = body or source in ("", "body")
        key = str(item.get("key") or "")
        path = key if source in ("", "body") else f"{source}.{key}" if key else source
        problems.append(FieldProblem(path=path or "(body)", reason=str(item.get("message", ""))))
    if not problems:
        body = True
        problems.append(FieldProblem(path="(body)", reason=exc.detail))
    return problems, body


def handle_validation(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, ValidationError):
        return problem(request, 422, "invalid-body", "the body is not valid", _pydantic_errors(exc))
    assert isinstance(exc, ValidationException)
    errors, body = _litestar_errors(exc)
    if body:
        return problem(request, 422, "invalid-body", "the body is not valid", errors)
    return problem(request, 400, "invalid-parameter", "a parameter or header is not valid", errors)


def handle_domain(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    match exc:
        case NotFound():
            return problem(request, 404, "not-found", str(exc))
        case Unauthenticated():
            return problem(
                request, 401, "unauthenticated", str(exc), headers={"WWW-Authenticate": "Bearer"}
            )
        case Forbidden():
            return problem(request, 403, "forbidden", str(exc))
        case AuthUnavailable():
            log.warning("credentials cannot be checked: %s", exc)
            return problem(
                request,
                503,
                "unavailable",
                "credentials cannot be checked right now",
                headers={"Retry-After": "5"},
            )
        case ConcurrencyConflict() | IllegalTransition() | AlreadyExists():
            return problem(request, 409, "conflict", str(exc))
        case InvalidInput():
            errors = [FieldProblem(path=e.path, reason=e.reason) for e in exc.errors]
            return problem(request, 422, "invalid-input", str(exc), errors)
        case StorageUnavailable():
            log.warning("storage unavailable: %s", exc)
            # The store or Redis (timeouts included) is down or failing over: a retry
            # later succeeds, so say when, never a 500.
            return problem(
                request,
                503,
                "unavailable",
                "a backing service (store or Redis) is unavailable; retry later",
                headers={"Retry-After": "5"},
            )
        case TooManyRequests():
            # admission (overloaded), request rate limits and tenant quotas: one shape
            retry = {} if exc.retry_after_s is None else {"Retry-After": str(exc.retry_after_s)}
            used = None
            if isinstance(exc, QuotaExceeded):
                used = QuotaProblem(
                    quota=exc.quota, limit=exc.limit, used=exc.used, resets_at=exc.resets_at
                )
            return problem(request, 429, exc.kind, str(exc), headers=retry, quota=used)
        case PreconditionFailed():
            return problem(request, 412, "precondition-failed", str(exc))
        case PreconditionRequired():
            return problem(request, 428, "precondition-required", str(exc))
    return handle_unexpected(request, exc)


def handle_http(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    if exc.status_code >= 500:
        log.error("server error on %s %s", request.method, request.url.path, exc_info=exc)
    headers = dict(exc.headers or {})
    kind = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "-")
    return problem(request, exc.status_code, kind, exc.detail, headers=headers)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, 500, "internal", "an unexpected error occurred; it has been logged")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    ValidationException: handle_validation,
    ValidationError: handle_validation,
    NotFound: handle_domain,
    Unauthenticated: handle_domain,
    Forbidden: handle_domain,
    AuthUnavailable: handle_domain,
    AlreadyExists: handle_domain,
    ConcurrencyConflict: handle_domain,
    IllegalTransition: handle_domain,
    InvalidInput: handle_domain,
    StorageUnavailable: handle_domain,
    TooManyRequests: handle_domain,
    PreconditionFailed: handle_domain,
    PreconditionRequired: handle_domain,
    HTTPException: handle_http,
    Exception: handle_unexpected,
}
