"""Tenant quotas: read and change a tenant's limits, and refuse work that would pass them.

Checked when work is accepted: creating an assessment counts against the monthly number;
queuing one (submit, start, retry, resume) against the concurrently queued-or-running
number and the month's LLM spend. Each check reads the store (the tenant, one aggregate
count, the ledger's month total), so the limits hold across every API process; two
submissions checked at the same moment may both pass the last free unit."""

from __future__ import annotations

from collections.abc import Collection

from infra_mind.domain.access import Principal
from infra_mind.domain.errors import NotFound, QuotaExceeded
from infra_mind.domain.quotas import Quota, TenantQuotas, month_period, quota_uses
from infra_mind.domain.tenancy import AuditAction, Tenant
from infra_mind.ports.clock import Clock
from infra_mind.ports.repositories import AssessmentRepository
from infra_mind.ports.tenancy import TenantRepository
from infra_mind.ports.usage import UsageLedger
from infra_mind.services.audit import AuditTrail

ON_CREATE = frozenset({Quota.ASSESSMENTS_PER_MONTH})
ON_QUEUE = frozenset({Quota.CONCURRENT_ASSESSMENTS, Quota.LLM_SPEND_CENTS_PER_MONTH})


class TenantQuotaService:
    def __init__(
        self,
        tenants: TenantRepository,
        assessments: AssessmentRepository,
        ledger: UsageLedger,
        clock: Clock,
        defaults: TenantQuotas,
        audit: AuditTrail,
    ) -> None:
        self._tenants = tenants
        self._assessments = assessments
        self._ledger = ledger
        self._clock = clock
        self._defaults = defaults
        self._audit = audit

    async def limits(self, tenant_id: str) -> TenantQuotas:
        """The tenant's quotas, each one it does not set taken from the defaults (all of them
        for a tenant without a record, e.g. one named only by a single sign-on token)."""
        try:
            own = (await self._tenants.get(tenant_id)).quotas
        except NotFound:
            own = TenantQuotas()
        return own.over(self._defaults)

    async def check(self, tenant_id: str, quotas: Collection[Quota]) -> None:
        """Raises ``QuotaExceeded`` naming the first of ``quotas`` that one more assessment
        would pass."""
        now = self._clock.now()
        period = month_period(now)
        limits = await self.limits(tenant_id)
        counts = await self._assessments.counts(tenant_id, period.start)
        spent = 0.0
        if Quota.LLM_SPEND_CENTS_PER_MONTH in quotas:
            spent = await self._ledger.month_total_usd(tenant_id, period.month)
        uses = quota_uses(
            limits, created=counts.created, active=counts.active, spent_usd=spent, period=period
        )
        for use in uses:
            if use.quota in quotas and use.exhausted:
                raise QuotaExceeded(use.quota.value, use.limit, use.used, use.resets_at, now)

    async def set_quotas(
        self, tenant_id: str, quotas: TenantQuotas, by: Principal | None = None
    ) -> Tenant:
        """Replace the tenant's own quotas (None fields: the defaults); audited, since a
        quota bounds what a tenant may spend."""
        tenant = await self._tenants.set_quotas(tenant_id, quotas)
        changed = {q.value: _text(quotas.limit(q)) for q in Quota}
        await self._audit.record(tenant_id, AuditAction.QUOTAS_CHANGED, by, tenant_id, **changed)
        return tenant


def _text(limit: int | None) -> str:
    return "default" if limit is None else str(limit)
