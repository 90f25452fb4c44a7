"""Typed progress events, published on the event bus and mirrored on the assessment."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class EventType(StrEnum):
    NODE_STARTED = "node_started"
    NODE_FINISHED = "node_finished"
    NODE_FAILED = "node_failed"
    ASSESSMENT_STATUS = "assessment_status"
    SNAPSHOT = "snapshot"


class ProgressEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    type: EventType
    tenant_id: str
    assessment_id: str
    at: datetime
    node: str | None = None
    status: str
    attempt: int | None = None
    duration_ms: float | None = None
    error: str | None = None
    progress: float = 0.0
    progress_detail: dict[str, str] | None = None
