"""Usage metering: what a tenant used this month, beside its quotas."""

from __future__ import annotations

from infra_mind.domain.quotas import month_period, quota_uses
from infra_mind.domain.usage import UsageReport
from infra_mind.ports.clock import Clock
from infra_mind.ports.repositories import AgentResultRepository, AssessmentRepository
from infra_mind.ports.usage import UsageLedger
from infra_mind.services.quotas import TenantQuotaService


class UsageService:
    """Four store round trips however much was used: the tenant's quotas, one aggregate over
    its assessments, one over its agent results and one over its LLM ledger."""

    def __init__(
        self,
        quotas: TenantQuotaService,
        assessments: AssessmentRepository,
        results: AgentResultRepository,
        ledger: UsageLedger,
        clock: Clock,
    ) -> None:
        self._quotas = quotas
        self._assessments = assessments
        self._results = results
        self._ledger = ledger
        self._clock = clock

    async def report(self, tenant_id: str) -> UsageReport:
        """The current UTC calendar month's usage of ``tenant_id``."""
        period = month_period(self._clock.now())
        limits = await self._quotas.limits(tenant_id)
        assessments = await self._assessments.counts(tenant_id, period.start)
        runs = await self._results.counts(tenant_id, period.start)
        llm = await self._ledger.month_summary(tenant_id, period.month)
        uses = quota_uses(
            limits,
            created=assessments.created,
            active=assessments.active,
            spent_usd=llm.cost_usd,
            period=period,
        )
        return UsageReport(
            tenant_id=tenant_id,
            period=period,
            assessments=assessments,
            agent_runs=runs,
            llm=llm,
            quotas=uses,
        )
