"""What a tenant used in a period: assessments, agent runs, LLM calls, beside its quotas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, computed_field

from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.quotas import Period, QuotaUse

# What the concurrency quota counts: work accepted and not yet finished or paused.
ACTIVE = frozenset({AssessmentStatus.QUEUED, AssessmentStatus.RUNNING})


class AssessmentCounts(BaseModel):
    """A tenant's assessments created since a moment, by status, and how many of all its
    assessments are queued or running now (``active``)."""

    model_config = ConfigDict(frozen=True)

    by_status: dict[str, int] = Field(default_factory=dict)
    active: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def created(self) -> int:
        return sum(self.by_status.values())


class AgentRunCounts(BaseModel):
    """Agent results (one per node of an assessment) stored since a moment, by status, and
    the attempts they took (retries included)."""

    model_config = ConfigDict(frozen=True)

    by_status: dict[str, int] = Field(default_factory=dict)
    attempts: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> int:
        return sum(self.by_status.values())


class LlmUsageSummary(BaseModel):
    """A tenant's LLM calls in a month, as the usage ledger recorded them."""

    model_config = ConfigDict(frozen=True)

    calls: int = 0
    cached_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


class UsageReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    tenant_id: str
    period: Period
    assessments: AssessmentCounts
    agent_runs: AgentRunCounts
    llm: LlmUsageSummary
    quotas: list[QuotaUse]
