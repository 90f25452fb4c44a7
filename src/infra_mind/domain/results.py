"""What an agent returns: structured facts, their sources, narrative and draft recommendations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.assumption import Assumption
from infra_mind.domain.enums import CloudProvider, Priority


class SourceRef(BaseModel):
    """Where a figure comes from: a catalog record, a formula, or the input itself."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["catalog", "formula", "input"]
    ref: str
    as_of: date | None = None
    source: str | None = None
    detail: str | None = None


class DraftRecommendation(BaseModel):
    """An agent's proposal before synthesis ranks, costs and checks it."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    category: str
    summary: str
    rationale: str
    provider: CloudProvider | None = None
    impact: float = Field(ge=0, le=1)
    risk: float = Field(ge=0, le=1)
    urgency: Priority = Priority.MEDIUM
    effort_weeks: float | None = Field(default=None, ge=0)
    regions: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)


class ResultStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"


class AgentOutput(BaseModel):
    """What a node computes; the engine adds identity, timing and attempts to
    store it as an AgentResult."""

    model_config = ConfigDict(frozen=True)

    facts: dict[str, Any] = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)
    narrative: str = ""
    recommendations: list[DraftRecommendation] = Field(default_factory=list)
    narrative_provider: str | None = None
    narrative_model: str | None = None
    llm_notes: list[str] = Field(default_factory=list)
    llm_tokens: int = 0
    llm_cost_usd: float = 0.0


class AgentResult(AgentOutput):
    """One node's checkpoint: its output plus identity, timing and attempts.
    ``node`` is the graph node name (an agent role, ``data_validation`` or ``synthesis``)."""

    tenant_id: str
    assessment_id: str
    node: str
    status: ResultStatus
    attempts: int = 1
    duration_ms: float = 0.0
    error: str | None = None
    created_at: datetime
    schema_version: int = 1

    @property
    def ok(self) -> bool:
        return self.status is ResultStatus.COMPLETED
