"""Leases and the reconciler with in-memory fakes: who may run, hand-back, recovery."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import anyio
import pytest

from infra_mind.adapters.inprocess.clock import SystemClock
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
)
from infra_mind.domain.assessment import Assessment, AssessmentStatus, Lease
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.domain.workflow import assessment_graph
from infra_mind.services.leases import LeasedRunner, LeaseSettings
from infra_mind.services.reconciler import Reconciler
from infra_mind.services.workflow.engine import EngineSettings, WorkflowEngine
from tests.factories import example_input

pytestmark = pytest.mark.anyio
S = AssessmentStatus


def now() -> datetime:
    """Wall-clock now, read per use: leases are judged against SystemClock, so a time captured
    at import would make "live for a minute" leases expired when the test runs a minute after
    collection (a full run under load)."""
    return datetime.now(UTC)


async def quick(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
    await anyio.sleep(0.01)
    return AgentOutput(facts={"node": name})


def setup(
    node: object = quick, ttl_s: float = 5.0
) -> tuple[InMemoryAssessmentRepository, LeasedRunner, list[tuple[str, str]]]:
    repo = InMemoryAssessmentRepository()
    enqueued: list[tuple[str, str]] = []

    async def record(t: str, a: str) -> None:
        enqueued.append((t, a))

    engine = WorkflowEngine(
        assessment_graph(),
        node,  # type: ignore[arg-type]
        repo,
        InMemoryAgentResultRepository(),
        InProcessEventBus(),
        SystemClock(),
        EngineSettings(control_poll_s=0.01),
    )
    queue = InProcessJobQueue(record)
    runner = LeasedRunner(
        engine, repo, queue, SystemClock(), "me", LeaseSettings(ttl_s=ttl_s, heartbeat_s=0.02)
    )
    return repo, runner, enqueued


async def stored(repo: InMemoryAssessmentRepository, **update: object) -> Assessment:
    a = Assessment(
        id="a1", tenant_id="t", title="x", input=example_input(), created_at=now(), updated_at=now()
    )
    return await repo.add(a.model_copy(update={"status": S.QUEUED, **update}))


async def test_runs_a_queued_assessment_and_lets_go_of_the_lease() -> None:
    repo, runner, _ = setup()
    await stored(repo)
    final = await runner.run("t", "a1")
    assert final is not None
    assert (final.status, final.lease) == (S.COMPLETED, None)


async def test_skips_an_assessment_leased_live_by_another_worker() -> None:
    repo, runner, _ = setup()
    other = Lease(owner="other", expires_at=now() + timedelta(minutes=1))
    await stored(repo, status=S.RUNNING, lease=other)
    assert await runner.run("t", "a1") is None
    assert other == (await repo.get("t", "a1")).lease


async def test_takes_over_an_expired_lease() -> None:
    repo, runner, _ = setup()
    dead = Lease(owner="dead", expires_at=now() - timedelta(seconds=1))
    await stored(repo, status=S.RUNNING, lease=dead)
    final = await runner.run("t", "a1")
    assert final is not None
    assert final.status is S.COMPLETED


async def test_skips_paused_and_finished_assessments() -> None:
    repo, runner, _ = setup()
    await stored(repo, status=S.PAUSED)
    assert await runner.run("t", "a1") is None


async def test_heartbeat_keeps_the_lease_ahead_of_its_ttl() -> None:
    async def slow(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(0.1)
        return AgentOutput(facts={})

    repo, runner, _ = setup(slow, ttl_s=0.15)
    await stored(repo)
    final = await runner.run("t", "a1")  # ~0.4 s, far beyond the 0.15 s TTL
    assert final is not None
    assert final.status is S.COMPLETED


async def test_a_worker_that_loses_its_lease_stops() -> None:
    async def slow(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(0.2)
        return AgentOutput(facts={})

    repo, runner, _ = setup(slow)
    await stored(repo)
    async with anyio.create_task_group() as tg:
        outcome: list[Assessment | None] = []

        async def go() -> None:
            outcome.append(await runner.run("t", "a1"))

        tg.start_soon(go)
        await anyio.sleep(0.05)
        a = await repo.get("t", "a1")
        thief = Lease(owner="thief", expires_at=now() + timedelta(minutes=1))
        await repo.save(a.model_copy(update={"lease": thief}))
    assert outcome == [None]
    assert (await repo.get("t", "a1")).lease.owner == "thief"  # type: ignore[union-attr]


async def test_cancellation_hands_the_assessment_back_and_requeues_it() -> None:
    async def slow(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(10)
        return AgentOutput(facts={})

    repo, runner, _ = setup(slow)
    await stored(repo)
    with anyio.move_on_after(0.1):  # what arq does to a job on SIGTERM
        await runner.run("t", "a1")
    a = await repo.get("t", "a1")
    assert (a.status, a.lease, runner.queue.pending) == (S.QUEUED, None, 1)  # type: ignore[attr-defined]


async def test_reconciler_hands_back_running_with_expired_lease() -> None:
    repo, runner, _ = setup()
    dead = Lease(owner="dead", expires_at=now() - timedelta(seconds=1))
    await stored(repo, status=S.RUNNING, lease=dead)
    reconciler = Reconciler(repo, runner.queue, SystemClock(), grace_s=0)
    assert await reconciler.reconcile() == 1
    assert S.QUEUED is (await repo.get("t", "a1")).status
    assert runner.queue.pending == 1  # type: ignore[attr-defined]


async def test_reconciler_leaves_live_leases_alone() -> None:
    repo, runner, _ = setup()
    live = Lease(owner="alive", expires_at=now() + timedelta(minutes=1))
    await stored(repo, status=S.RUNNING, lease=live)
    reconciler = Reconciler(repo, runner.queue, SystemClock(), grace_s=0)
    assert await reconciler.reconcile() == 0
    assert runner.queue.pending == 0  # type: ignore[attr-defined]


async def test_hand_back_honours_a_pending_pause() -> None:
    repo, runner, _ = setup()
    dead = Lease(owner="dead", expires_at=now() - timedelta(seconds=1))
    await stored(repo, status=S.RUNNING, lease=dead, requested="pause")
    await Reconciler(repo, runner.queue, SystemClock(), grace_s=0).reconcile()
    assert S.PAUSED is (await repo.get("t", "a1")).status
    assert runner.queue.pending == 0  # type: ignore[attr-defined]
