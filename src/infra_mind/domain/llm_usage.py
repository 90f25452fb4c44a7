"""What one LLM call cost: the record the usage ledger keeps per tenant and assessment."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field


def month_of(at: datetime) -> str:
    """The ledger month ("YYYY-MM", UTC) a moment falls in."""
    return at.astimezone(UTC).strftime("%Y-%m")


class UsageRecord(BaseModel):
    """One completion as billed: who asked, who answered, how many tokens, what it cost."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    assessment_id: str | None = None
    agent: str | None = None
    purpose: str = "narrative"
    provider: str
    model: str
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    cost_usd: float = Field(default=0.0, ge=0.0)
    latency_ms: float = 0.0
    cached: bool = False
    at: datetime

    @property
    def month(self) -> str:
        return month_of(self.at)
