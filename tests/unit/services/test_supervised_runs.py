"""Supervision: whatever a run raises stays with that assessment; the runner and the
in-process queue go on serving."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import anyio
import pytest

from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.domain.assessment import Assessment, AssessmentStatus, Lease
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.services.leases import LeaseSettings
from tests.unit.services.test_leases import now, setup, stored

pytestmark = pytest.mark.anyio
S = AssessmentStatus


class BrokenSave:
    """An assessment repository whose saves fail with ``error`` after ``after`` of them."""

    def __init__(self, inner: object, error: Exception, after: int) -> None:
        self._inner, self._error, self._left = inner, error, after

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    async def save(self, a: Assessment) -> Assessment:
        if self._left <= 0:
            raise self._error
        self._left -= 1
        return await self._inner.save(a)  # type: ignore[attr-defined, no-any-return]


async def test_a_defect_in_a_run_is_recorded_on_the_assessment_as_failed() -> None:
    repo, runner, _ = setup()
    await stored(repo)
    runner.engine._assessments = BrokenSave(repo, KeyError("bug"), after=1)  # type: ignore[assignment]

    outcome = await runner.run("t", "a1")

    a = await repo.get("t", "a1")
    expected = (None, S.FAILED, "internal error: KeyError", None)
    assert expected == (outcome, a.status, a.error, a.lease)


async def test_a_store_outage_in_a_run_lets_the_lease_go_for_a_retry() -> None:
    repo, runner, _ = setup()
    await stored(repo)
    runner.engine._assessments = BrokenSave(repo, StorageUnavailable("locked"), after=1)  # type: ignore[assignment]

    outcome = await runner.run("t", "a1")

    a = await repo.get("t", "a1")
    assert (outcome, a.status, a.lease) == (None, S.RUNNING, None)  # the reconciler takes it


async def test_an_assessment_deleted_while_it_runs_ends_its_run_quietly() -> None:
    async def slow(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(0.05)
        return AgentOutput(facts={})

    repo, runner, _ = setup(slow)
    await stored(repo)
    async with anyio.create_task_group() as tg:
        outcome: list[Assessment | None] = []

        async def go() -> None:
            outcome.append(await runner.run("t", "a1"))

        tg.start_soon(go)
        await anyio.sleep(0.1)
        await repo.delete("t", "a1")

    assert outcome == [None]


async def test_the_queue_keeps_serving_after_a_job_raises() -> None:
    ran: list[str] = []
    good_ran = anyio.Event()

    async def handler(tenant_id: str, assessment_id: str) -> None:
        if assessment_id == "bad":
            raise RuntimeError("boom")
        ran.append(assessment_id)
        good_ran.set()

    queue = InProcessJobQueue(handler)
    async with anyio.create_task_group() as tg:
        await tg.start(queue.serve)
        await queue.enqueue_assessment("t", "bad")
        await queue.enqueue_assessment("t", "good")
        with anyio.fail_after(5):
            await good_ran.wait()
        alive = queue.alive
        tg.cancel_scope.cancel()

    assert (ran, alive, queue.alive) == (["good"], True, False)


async def test_a_run_logs_its_lease_start_and_finish_with_the_assessment_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    repo, runner, _ = setup()
    await stored(repo)

    with caplog.at_level("INFO", logger="infra_mind.services.leases"):
        await runner.run("t", "a1")

    assert [r.getMessage() for r in caplog.records] == [
        "assessment t/a1: lease taken by me, run started",
        "assessment t/a1: run finished completed",
    ]


async def test_a_run_that_lost_its_lease_cannot_write_a_checkpoint() -> None:
    async def slow(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(0.2)
        return AgentOutput(facts={})

    repo, runner, _ = setup(slow)
    runner.settings = LeaseSettings(ttl_s=60, heartbeat_s=30)  # the heartbeat will not notice
    results = runner.engine._results
    await stored(repo)
    async with anyio.create_task_group() as tg:
        outcome: list[Assessment | None] = []

        async def go() -> None:
            outcome.append(await runner.run("t", "a1"))

        tg.start_soon(go)
        await anyio.sleep(0.05)  # data_validation is running
        taken = await repo.get("t", "a1")
        thief = Lease(owner="thief", expires_at=now() + timedelta(minutes=1))
        stolen = await repo.save(taken.model_copy(update={"lease": thief}))

    assert outcome == [None]
    assert stolen == await repo.get("t", "a1")  # not one write after the theft
    assert await results.list("t", "a1") == []  # the node's result was refused
