"""The Assessment aggregate: its input, its status state machine and per-node progress."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.errors import IllegalTransition
from infra_mind.domain.input import AssessmentInput


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (AssessmentStatus.COMPLETED, AssessmentStatus.CANCELLED)


S = AssessmentStatus
# RUNNING → QUEUED is a hand-back: a worker lost its lease or was told to stop.
# FAILED → QUEUED is a retry; checkpointed nodes are not run again.
TRANSITIONS: dict[AssessmentStatus, frozenset[AssessmentStatus]] = {
    S.DRAFT: frozenset({S.QUEUED, S.CANCELLED}),
    S.QUEUED: frozenset({S.RUNNING, S.PAUSED, S.CANCELLED}),
    S.RUNNING: frozenset({S.PAUSED, S.COMPLETED, S.FAILED, S.CANCELLED, S.QUEUED}),
    S.PAUSED: frozenset({S.QUEUED, S.CANCELLED}),
    S.FAILED: frozenset({S.QUEUED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

ControlRequest = Literal["pause", "cancel"]


class NodeStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class NodeProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: NodeStatus = NodeStatus.PENDING
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    duration_ms: float | None = None
    error: str | None = None


class Lease(BaseModel):
    """Which worker runs the assessment, until when (renewed by its heartbeat)."""

    model_config = ConfigDict(frozen=True)

    owner: str
    expires_at: datetime


class Assessment(BaseModel):
    """One team's assessment. Immutable: every change returns a new version."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    title: str
    input: AssessmentInput
    status: AssessmentStatus = AssessmentStatus.DRAFT
    progress: dict[str, NodeProgress] = Field(default_factory=dict)
    requested: ControlRequest | None = None
    priority: Literal["normal", "urgent"] = "normal"
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    runs: int = 0
    lease: Lease | None = None
    version: int = 0
    schema_version: int = 1

    def transition(self, target: AssessmentStatus, now: datetime) -> Assessment:
        """The assessment in ``target`` status; raises IllegalTransition when not allowed."""
        if target == self.status:
            return self
        if target not in TRANSITIONS[self.status]:
            raise IllegalTransition(self.status.value, target.value)
        update: dict[str, object] = {"status": target, "updated_at": now}
        if target is S.RUNNING:
            update |= {"started_at": self.started_at or now, "runs": self.runs + 1}
            update |= {"finished_at": None, "error": None}
        if target in (S.COMPLETED, S.FAILED, S.CANCELLED):
            update |= {"finished_at": now, "lease": None}
        if target in (S.PAUSED, S.QUEUED):
            update["lease"] = None
        if target is not S.RUNNING:
            update["requested"] = None
        return self.model_copy(update=update)

    def with_node(self, node: str, progress: NodeProgress, now: datetime) -> Assessment:
        return self.model_copy(
            update={"progress": {**self.progress, node: progress}, "updated_at": now}
        )

    def completed_fraction(self) -> float:
        if not self.progress:
            return 0.0
        done = sum(p.status is NodeStatus.COMPLETED for p in self.progress.values())
        return done / len(self.progress)
