"""Admission control: a burst never queues more than the limit; Retry-After follows the drain."""

from __future__ import annotations

from datetime import UTC, datetime

import anyio
import pytest

from infra_mind.adapters.inprocess.clock import TimeOrderedIds
from infra_mind.adapters.memory.repositories import InMemoryAssessmentRepository
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import Overloaded
from infra_mind.services.admission import AdmissionControl, AdmissionSettings
from tests.factories import example_input

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 1, 1, tzinfo=UTC)


class ManualClock:
    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> datetime:
        return NOW

    def monotonic(self) -> float:
        return self.t


def settings(**changes: float) -> AdmissionSettings:
    values: dict[str, float] = {
        "max_queued": 5,
        "max_queued_per_tenant": 5,
        "assumed_completions_per_s": 2.0,
        "refresh_s": 0.5,
    }
    return AdmissionSettings(**(values | changes))  # type: ignore[arg-type]


async def store(repo: InMemoryAssessmentRepository, tenant: str, status: AssessmentStatus) -> None:
    await repo.add(
        Assessment(
            id=TimeOrderedIds().new_id(),
            tenant_id=tenant,
            title="x",
            input=example_input(),
            created_at=NOW,
            updated_at=NOW,
            status=status,
        )
    )


async def burst(control: AdmissionControl, tenants: list[str]) -> tuple[int, list[Overloaded]]:
    admitted, refused = 0, []

    async def one(tenant: str) -> None:
        nonlocal admitted
        try:
            await control.admit(tenant)
            admitted += 1
        except Overloaded as exc:
            refused.append(exc)

    async with anyio.create_task_group() as tg:
        for tenant in tenants:
            tg.start_soon(one, tenant)
    return admitted, refused


async def test_a_burst_admits_no_more_than_the_global_limit() -> None:
    repo = InMemoryAssessmentRepository()
    await store(repo, "a", AssessmentStatus.QUEUED)
    control = AdmissionControl(repo, ManualClock(), settings(max_queued_per_tenant=100))

    admitted, refused = await burst(control, ["a", "b", "c"] * 20)

    assert (admitted, len(refused)) == (4, 56)


async def test_a_tenant_is_refused_at_its_own_limit_while_others_are_admitted() -> None:
    control = AdmissionControl(
        InMemoryAssessmentRepository(), ManualClock(), settings(max_queued_per_tenant=2)
    )

    admitted, refused = await burst(control, ["a"] * 4 + ["b"])

    assert (admitted, [e.scope for e in refused]) == (3, ["for this tenant"] * 2)


async def test_finished_and_draft_assessments_do_not_count_as_queued() -> None:
    repo = InMemoryAssessmentRepository()
    for status in (AssessmentStatus.COMPLETED, AssessmentStatus.DRAFT, AssessmentStatus.FAILED):
        await store(repo, "a", status)
    control = AdmissionControl(repo, ManualClock(), settings(max_queued=1))

    await control.admit("a")  # the only queued one


async def test_retry_after_is_the_excess_over_the_observed_drain_rate() -> None:
    repo, clock = InMemoryAssessmentRepository(), ManualClock()
    control = AdmissionControl(repo, clock, settings(max_queued=3, max_queued_per_tenant=100))
    for _ in range(3):
        await store(repo, "a", AssessmentStatus.QUEUED)
    with pytest.raises(Overloaded):
        await control.admit("a")
    clock.t = 10.0
    for _ in range(5):  # 5 finished in 10 s: 0.5 per second
        await store(repo, "a", AssessmentStatus.COMPLETED)
    for _ in range(4):
        await store(repo, "a", AssessmentStatus.QUEUED)

    with pytest.raises(Overloaded) as refused:
        await control.admit("a")

    # 7 queued, limit 3: 5 must finish first, at 0.5/s
    assert refused.value.retry_after_s == 10


async def test_retry_after_uses_the_assumed_rate_before_any_drain_is_seen() -> None:
    repo = InMemoryAssessmentRepository()
    for _ in range(6):
        await store(repo, "a", AssessmentStatus.QUEUED)
    control = AdmissionControl(repo, ManualClock(), settings(max_queued=2))

    with pytest.raises(Overloaded) as refused:
        await control.admit("a")

    assert refused.value.retry_after_s == 3  # (6 - 2 + 1) / 2 per second
