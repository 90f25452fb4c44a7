"""Tenant quotas over the in-memory adapters: which work is refused, with what, and the audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from infra_mind.adapters.inprocess.clock import TimeOrderedIds
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
    InMemoryRecommendationRepository,
)
from infra_mind.adapters.memory.tenancy import InMemoryAuditLog, InMemoryTenantRepository
from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.errors import QuotaExceeded
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.domain.tenancy import AuditAction, Tenant
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.audit import AuditTrail
from infra_mind.services.quotas import TenantQuotaService
from tests.factories import example_input

pytestmark = pytest.mark.anyio
NOW = datetime(2025, 3, 31, 23, 0, tzinfo=UTC)
APRIL = datetime(2025, 4, 1, tzinfo=UTC)
DEFAULTS = TenantQuotas(
    assessments_per_month=100, concurrent_assessments=100, llm_spend_cents_per_month=100_00
)


class FixedClock:
    def now(self) -> datetime:
        return NOW

    def monotonic(self) -> float:
        return NOW.timestamp()


async def never_run(tenant_id: str, assessment_id: str) -> None:
    raise AssertionError("the queue is not served in these tests")


@dataclass
class World:
    quotas: TenantQuotaService
    service: AssessmentService
    ledger: InMemoryUsageLedger
    audit: InMemoryAuditLog
    assessments: InMemoryAssessmentRepository


@pytest.fixture
async def world() -> World:
    clock, tenants, audit = FixedClock(), InMemoryTenantRepository(), InMemoryAuditLog()
    assessments, ledger = InMemoryAssessmentRepository(), InMemoryUsageLedger()
    await tenants.add(Tenant(id="acme", name="Acme", created_at=NOW))
    trail = AuditTrail(audit, clock, TimeOrderedIds())
    quotas = TenantQuotaService(tenants, assessments, ledger, clock, DEFAULTS, trail)
    service = AssessmentService(
        assessments=assessments,
        results=InMemoryAgentResultRepository(),
        recommendations=InMemoryRecommendationRepository(),
        queue=InProcessJobQueue(never_run),  # not served: submitted assessments stay queued
        events=InProcessEventBus(),
        clock=clock,
        ids=TimeOrderedIds(),
        quotas=quotas,
    )
    return World(quotas, service, ledger, audit, assessments)


async def test_a_tenant_without_own_quotas_has_the_defaults(world: World) -> None:
    assert await world.quotas.limits("acme") == DEFAULTS


async def test_a_tenant_unknown_to_the_store_has_the_defaults(world: World) -> None:
    assert await world.quotas.limits("sso-only") == DEFAULTS


async def test_an_own_quota_replaces_only_its_default(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(assessments_per_month=7))
    expected = DEFAULTS.model_copy(update={"assessments_per_month": 7})
    assert expected == await world.quotas.limits("acme")


async def test_the_monthly_assessments_quota_refuses_one_more(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(assessments_per_month=2))
    for _ in range(2):
        await world.service.submit("acme", example_input(), start=False)
    with pytest.raises(QuotaExceeded) as refused:
        await world.service.submit("acme", example_input(), start=False)
    e = refused.value
    assert (
        e.quota,
        e.limit,
        e.used,
        e.resets_at,
        e.retry_after_s,
    ) == ("assessments_per_month", 2, 2, APRIL, 3600)


async def test_a_refused_submission_stores_nothing(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(assessments_per_month=0))
    with pytest.raises(QuotaExceeded):
        await world.service.submit("acme", example_input())
    assert (await world.assessments.list("acme")).items == []


async def test_the_concurrency_quota_counts_queued_and_running(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(concurrent_assessments=1))
    await world.service.submit("acme", example_input())
    with pytest.raises(QuotaExceeded) as refused:
        await world.service.submit("acme", example_input())
    assert (
        refused.value.quota,
        refused.value.resets_at,
        refused.value.retry_after_s,
    ) == ("concurrent_assessments", None, None)


async def test_a_draft_does_not_count_as_concurrent(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(concurrent_assessments=1))
    await world.service.submit("acme", example_input(), start=False)
    queued = await world.service.submit("acme", example_input())
    assert queued.status == AssessmentStatus.QUEUED


async def test_starting_a_draft_checks_the_concurrency_quota(world: World) -> None:
    draft = await world.service.submit("acme", example_input(), start=False)
    await world.service.submit("acme", example_input())
    await world.quotas.set_quotas("acme", TenantQuotas(concurrent_assessments=1))
    with pytest.raises(QuotaExceeded):
        await world.service.start("acme", draft.id)


async def test_the_llm_spend_quota_refuses_new_work_once_spent(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(llm_spend_cents_per_month=250))
    await world.ledger.record(spent("acme", 2.5))
    with pytest.raises(QuotaExceeded) as refused:
        await world.service.submit("acme", example_input())
    assert (
        refused.value.quota,
        refused.value.limit,
        refused.value.used,
    ) == ("llm_spend_cents_per_month", 250, 250)


async def test_spend_below_the_quota_is_accepted(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(llm_spend_cents_per_month=250))
    await world.ledger.record(spent("acme", 2.49))
    assert (await world.service.submit("acme", example_input())).status == AssessmentStatus.QUEUED


async def test_another_tenants_spend_does_not_count(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(llm_spend_cents_per_month=250))
    await world.ledger.record(spent("globex", 100.0))
    assert (await world.service.submit("acme", example_input())).status == AssessmentStatus.QUEUED


async def test_a_quota_change_is_audited_with_the_new_limits(world: World) -> None:
    await world.quotas.set_quotas("acme", TenantQuotas(assessments_per_month=7))
    (entry,) = await world.audit.list("acme")
    expected = {
        "assessments_per_month": "7",
        "concurrent_assessments": "default",
        "llm_spend_cents_per_month": "default",
    }
    assert (AuditAction.QUOTAS_CHANGED, expected) == (entry.action, entry.detail)


def spent(tenant: str, usd: float) -> UsageRecord:
    return UsageRecord(tenant_id=tenant, provider="openai", model="gpt-4o", cost_usd=usd, at=NOW)
