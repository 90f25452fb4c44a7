"""Approval decisions on recommendations: who decided what, in which role, and why."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.recommendation import ApprovalState


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"

    @property
    def state(self) -> ApprovalState:
        return ApprovalState.APPROVED if self is Decision.APPROVE else ApprovalState.REJECTED


class Approval(BaseModel):
    """One decision; the history of a recommendation is every Approval, oldest first."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    assessment_id: str
    recommendation_id: str
    decision: Decision
    # The authenticated principal's role and subject (``key:<id>``, ``oidc:<sub>``).
    role: str = Field(min_length=1, max_length=100)
    decided_by: str = ""
    comment: str = Field(default="", max_length=4000)
    decided_at: datetime


def current_state(history: list[Approval]) -> ApprovalState:
    """The latest decision wins; no decision means pending."""
    return history[-1].decision.state if history else ApprovalState.PENDING
