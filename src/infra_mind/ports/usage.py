"""Usage ledger port: what each tenant spent on LLM calls."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.usage import LlmUsageSummary


@runtime_checkable
class UsageLedger(Protocol):
    """Append-only record of LLM usage, always read within one tenant.

    ``record`` stores one call. ``month_total_usd`` sums a tenant's cost for a
    UTC month ("YYYY-MM"); ``month_summary`` counts its calls and sums their tokens and
    cost in one store round trip. ``list_for_assessment`` returns one assessment's
    records in the order they were written. No method reads across tenants.
    May raise ``infra_mind.domain.errors.StorageUnavailable``.
    """

    async def record(self, record: UsageRecord) -> None: ...

    async def month_total_usd(self, tenant_id: str, month: str) -> float: ...

    async def month_summary(self, tenant_id: str, month: str) -> LlmUsageSummary: ...

    async def list_for_assessment(
        self, tenant_id: str, assessment_id: str
    ) -> list[UsageRecord]: ...
