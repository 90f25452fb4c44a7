"""Request and response bodies of the API that are not domain models, with OpenAPI examples."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.access import Role
from infra_mind.domain.approval import Decision
from infra_mind.domain.assessment import Assessment, AssessmentStatus, NodeProgress

API = "/api/v1"
CREATE_EXAMPLE = "fintech-fraud-model"


@cache
def example_input(name: str = CREATE_EXAMPLE) -> dict[str, Any]:
    """A shipped example document, the create example in the OpenAPI schema."""
    text = resources.files("infra_mind.examples").joinpath(f"{name}.yaml").read_text()
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


class Links(BaseModel):
    self: str
    status: str
    events: str
    websocket: str
    results: str
    outcome: str
    recommendations: str
    forecast: str

    @classmethod
    def of(cls, assessment_id: str) -> Links:
        base = f"{API}/assessments/{assessment_id}"
        return cls(
            self=base,
            status=f"{base}/status",
            events=f"{base}/events",
            websocket=f"{base}/ws",
            results=f"{base}/results",
            outcome=f"{base}/outcome",
            recommendations=f"{base}/recommendations",
            forecast=f"{base}/costs/forecast",
        )


class Accepted(BaseModel):
    """The answer to a create: where to follow the assessment."""

    id: str
    status: AssessmentStatus
    version: int
    links: Links

    @classmethod
    def of(cls, a: Assessment) -> Accepted:
        return cls(id=a.id, status=a.status, version=a.version, links=Links.of(a.id))


class AssessmentPage(BaseModel):
    items: list[Assessment]
    next_cursor: str | None = None


class WorkflowStatus(BaseModel):
    """Where the run is: the status and every node's progress (graph order)."""

    id: str
    status: AssessmentStatus
    requested: str | None = None
    progress: float = Field(ge=0, le=1)
    runs: int
    error: str | None = None
    nodes: dict[str, NodeProgress]


class ApprovalRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"decision": "approve", "role": "admin", "comment": "Within budget; go ahead."}
            ]
        },
    )

    decision: Decision
    # The decision is recorded under the authenticated role; a stated one must match it.
    role: Role | None = None
    comment: str = Field(default="", max_length=4000)


class ChatRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"question": "Why is the GPU tier sized this way?"}]},
    )

    question: str = Field(min_length=1, max_length=4000)


class Health(BaseModel):
    status: str
    detail: str | None = None
