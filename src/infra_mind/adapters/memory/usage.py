"""In-process usage ledger, for the embedded default and for tests."""

from __future__ import annotations

from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.usage import LlmUsageSummary


class InMemoryUsageLedger:
    """Records kept per tenant, so no read can cross tenants."""

    def __init__(self) -> None:
        self._by_tenant: dict[str, list[UsageRecord]] = {}

    async def record(self, record: UsageRecord) -> None:
        self._by_tenant.setdefault(record.tenant_id, []).append(record)

    async def month_total_usd(self, tenant_id: str, month: str) -> float:
        records = self._by_tenant.get(tenant_id, [])
        return sum(r.cost_usd for r in records if r.month == month)

    async def month_summary(self, tenant_id: str, month: str) -> LlmUsageSummary:
        records = [r for r in self._by_tenant.get(tenant_id, []) if r.month == month]
        return LlmUsageSummary(
            calls=len(records),
            cached_calls=sum(r.cached for r in records),
            input_tokens=sum(r.input_tokens for r in records),
            output_tokens=sum(r.output_tokens for r in records),
            cost_usd=sum(r.cost_usd for r in records),
        )

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[UsageRecord]:
        records = self._by_tenant.get(tenant_id, [])
        return [r for r in records if r.assessment_id == assessment_id]
