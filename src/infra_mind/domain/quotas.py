"""Tenant quotas: how much work a tenant may start per month and at once, and what its LLM
calls may cost per month; the calendar month (UTC) they are counted over."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Quota(StrEnum):
    ASSESSMENTS_PER_MONTH = "assessments_per_month"
    CONCURRENT_ASSESSMENTS = "concurrent_assessments"
    LLM_SPEND_CENTS_PER_MONTH = "llm_spend_cents_per_month"


class TenantQuotas(BaseModel):
    """A tenant's own limits; a field left None takes the deployment's default."""

    model_config = ConfigDict(frozen=True)

    assessments_per_month: int | None = Field(default=None, ge=0)
    concurrent_assessments: int | None = Field(default=None, ge=0)
    llm_spend_cents_per_month: int | None = Field(default=None, ge=0)

    def limit(self, quota: Quota) -> int | None:
        value: int | None = getattr(self, quota.value)
        return value

    def over(self, defaults: TenantQuotas) -> TenantQuotas:
        """These limits, each unset one taken from ``defaults``."""
        return TenantQuotas(**{q.value: _first(self.limit(q), defaults.limit(q)) for q in Quota})


def _first(value: int | None, default: int | None) -> int | None:
    return default if value is None else value


class QuotaUse(BaseModel):
    """One quota beside its use; ``resets_at`` is None for the concurrency quota (it frees
    up as the tenant's queued or running assessments finish)."""

    model_config = ConfigDict(frozen=True)

    quota: Quota
    limit: int
    used: int
    resets_at: datetime | None = None

    @property
    def exhausted(self) -> bool:
        return self.used >= self.limit


class Period(BaseModel):
    """A calendar month in UTC: ``start`` inclusive, ``end`` (the next month's start) exclusive."""

    model_config = ConfigDict(frozen=True)

    month: str
    start: datetime
    end: datetime


def month_period(now: datetime) -> Period:
    """The UTC calendar month ``now`` falls in."""
    at = now.astimezone(UTC)
    start = datetime(at.year, at.month, 1, tzinfo=UTC)
    end = datetime(at.year + at.month // 12, at.month % 12 + 1, 1, tzinfo=UTC)
    return Period(month=start.strftime("%Y-%m"), start=start, end=end)


def spend_cents(cost_usd: float) -> int:
    """A ledger total in whole cents (to the nearest cent)."""
    return round(cost_usd * 100)


def quota_uses(
    limits: TenantQuotas, *, created: int, active: int, spent_usd: float, period: Period
) -> list[QuotaUse]:
    """Each quota that has a limit, beside its use in ``period``: assessments created,
    assessments queued or running now, LLM spend in cents."""
    used = {
        Quota.ASSESSMENTS_PER_MONTH: (created, period.end),
        Quota.CONCURRENT_ASSESSMENTS: (active, None),
        Quota.LLM_SPEND_CENTS_PER_MONTH: (spend_cents(spent_usd), period.end),
    }
    uses = []
    for quota, (n, resets_at) in used.items():
        limit = limits.limit(quota)
        if limit is not None:
            uses.append(QuotaUse(quota=quota, limit=limit, used=n, resets_at=resets_at))
    return uses
