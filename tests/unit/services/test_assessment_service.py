from __future__ import annotations

from datetime import timedelta

import anyio
import pytest

from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
    InMemoryRecommendationRepository,
)
from infra_mind.domain.assessment import AssessmentStatus, Lease
from infra_mind.domain.errors import ConcurrencyConflict, IllegalTransition, NotFound
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.services.assessments import AssessmentService
from tests.factories import example_input

pytestmark = pytest.mark.anyio
S = AssessmentStatus


class World:
    def __init__(self) -> None:
        self.repo = InMemoryAssessmentRepository()
        self.results = InMemoryAgentResultRepository()
        self.recs = InMemoryRecommendationRepository()
        self.events = InProcessEventBus()
        self.ran: list[tuple[str, str]] = []

        async def handler(tenant: str, ident: str) -> None:
            self.ran.append((tenant, ident))

        self.queue = InProcessJobQueue(handler)
        self.service = AssessmentService(
            self.repo,
            self.results,
            self.recs,
            self.queue,
            self.events,
            SystemClock(),
            TimeOrderedIds(),
            poll_s=0.01,
        )


async def test_submit_stores_the_assessment_queued_before_enqueuing() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    assert a.status is S.QUEUED
    assert a.version == 1
    assert (await w.repo.get("t", a.id)).status is S.QUEUED
    assert w.queue.pending == 1
    assert not await w.queue.enqueue_assessment("t", a.id)  # a duplicate is refused


async def test_a_draft_is_stored_without_a_job_and_started_later() -> None:
    w = World()
    draft = await w.service.submit("t", example_input(), start=False, title="Plan B")
    assert (draft.status, draft.title, w.queue.pending) == (S.DRAFT, "Plan B", 0)
    started = await w.service.start("t", draft.id)
    assert started.status is S.QUEUED
    assert w.queue.pending == 1


async def test_update_draft_checks_the_version_and_the_status() -> None:
    w = World()
    draft = await w.service.submit("t", example_input(), start=False)
    other = example_input("retail-recommender")
    with pytest.raises(ConcurrencyConflict):
        await w.service.update_draft("t", draft.id, other, expected_version=draft.version + 1)
    updated = await w.service.update_draft("t", draft.id, other, expected_version=draft.version)
    assert updated.input == other
    assert updated.version == draft.version + 1
    await w.service.start("t", draft.id)
    with pytest.raises(IllegalTransition):
        await w.service.update_draft("t", draft.id, other, expected_version=updated.version + 1)


async def test_pausing_a_queued_assessment_pauses_it_at_once_and_resume_requeues() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    paused = await w.service.pause("t", a.id)
    assert paused.status is S.PAUSED
    resumed = await w.service.resume("t", a.id)
    assert resumed.status is S.QUEUED
    with pytest.raises(IllegalTransition):
        await w.service.resume("t", a.id)


async def test_pause_and_cancel_of_a_running_assessment_are_requests() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    running = await w.repo.save(a.transition(S.RUNNING, a.updated_at))
    paused = await w.service.pause("t", running.id)
    assert (paused.status, paused.requested) == (S.RUNNING, "pause")
    cancelled = await w.service.cancel("t", running.id)
    assert (cancelled.status, cancelled.requested) == (S.RUNNING, "cancel")


async def test_cancel_settles_idle_assessments_and_refuses_finished_ones() -> None:
    w = World()
    a = await w.service.submit("t", example_input(), start=False)
    assert (await w.service.cancel("t", a.id)).status is S.CANCELLED
    assert (await w.service.cancel("t", a.id)).status is S.CANCELLED  # idempotent
    b = await w.service.submit("t", example_input())
    running = await w.repo.save(b.transition(S.RUNNING, b.updated_at))
    await w.repo.save(running.transition(S.COMPLETED, b.updated_at))
    with pytest.raises(IllegalTransition):
        await w.service.cancel("t", b.id)


async def test_a_failed_assessment_can_be_retried_but_not_a_completed_one() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    running = await w.repo.save(a.transition(S.RUNNING, a.updated_at))
    failed = await w.repo.save(running.transition(S.FAILED, a.updated_at))
    assert (await w.service.start("t", failed.id)).status is S.QUEUED
    b = await w.service.submit("t", example_input())
    done = await w.repo.save(
        (await w.repo.save(b.transition(S.RUNNING, b.updated_at))).transition(
            S.COMPLETED, b.updated_at
        )
    )
    with pytest.raises(IllegalTransition):
        await w.service.start("t", done.id)


async def test_delete_refuses_a_running_assessment_and_removes_everything_else() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    running = await w.repo.save(a.transition(S.RUNNING, a.updated_at))
    with pytest.raises(IllegalTransition):
        await w.service.delete("t", a.id)
    await w.repo.save(running.transition(S.CANCELLED, a.updated_at))
    await w.service.delete("t", a.id)
    with pytest.raises(NotFound):
        await w.service.get("t", a.id)


async def test_delete_refuses_a_queued_assessment_whose_run_holds_a_live_lease() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    starting = Lease(owner="worker", expires_at=a.updated_at + timedelta(days=365))
    await w.repo.save(a.model_copy(update={"lease": starting}))

    with pytest.raises(IllegalTransition):
        await w.service.delete("t", a.id)


async def test_tenants_do_not_see_each_other() -> None:
    w = World()
    a = await w.service.submit("t1", example_input())
    with pytest.raises(NotFound):
        await w.service.get("t2", a.id)
    assert (await w.service.list("t2")).items == []
    assert [x.id for x in (await w.service.list("t1")).items] == [a.id]


async def test_wait_returns_once_the_assessment_rests_and_forwards_events() -> None:
    w = World()
    a = await w.service.submit("t", example_input())
    seen: list[ProgressEvent] = []

    async def record(event: ProgressEvent) -> None:
        seen.append(event)

    async def finish() -> None:
        await anyio.sleep(0.05)
        await w.events.publish(
            ProgressEvent(
                type=EventType.NODE_STARTED,
                tenant_id="t",
                assessment_id=a.id,
                at=a.created_at,
                node="cto",
                status="running",
            )
        )
        current = await w.repo.get("t", a.id)
        running = await w.repo.save(current.transition(S.RUNNING, current.updated_at))
        await w.repo.save(running.transition(S.COMPLETED, current.updated_at))
        await w.service._status_event(await w.repo.get("t", a.id))

    async with anyio.create_task_group() as tg:
        tg.start_soon(finish)
        final = await w.service.wait("t", a.id, record)
    assert final.status is S.COMPLETED
    # the stored status may be read before the event arrives; what arrives is forwarded
    assert seen[0].node == "cto"  # node events are forwarded while waiting
