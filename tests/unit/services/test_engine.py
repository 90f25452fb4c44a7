from __future__ import annotations

import anyio
import pytest

from infra_mind.domain.assessment import AssessmentStatus, NodeStatus
from infra_mind.domain.errors import PermanentError, TransientError
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.domain.workflow import ANALYSTS, DATA_VALIDATION, SYNTHESIS, Graph, assessment_graph
from infra_mind.services.workflow.engine import EngineSettings
from tests.unit.services.engine_harness import Harness

pytestmark = pytest.mark.anyio


async def test_runs_every_node_once_and_completes() -> None:
    h = Harness(assessment_graph())
    await h.submit()
    final = await h.engine().run("t", "a1")
    assert final.status is AssessmentStatus.COMPLETED
    assert sorted(h.starts()) == sorted(assessment_graph().nodes)
    assert {r.node for r in await h.results.list("t", "a1")} == set(assessment_graph().nodes)
    assert all(p.status is NodeStatus.COMPLETED for p in final.progress.values())


async def test_analysts_run_in_parallel_so_wall_time_is_the_critical_path() -> None:
    async def slow(node: str, attempt: int) -> None:
        await anyio.sleep(0.1)

    h = Harness(assessment_graph(), slow)
    await h.submit()
    started = anyio.current_time()
    await h.engine().run("t", "a1")
    elapsed = anyio.current_time() - started
    assert elapsed < 0.1 * 4 + 0.15  # 4 levels on the critical path, not 13 nodes


async def test_a_node_starts_as_soon_as_its_own_dependencies_finish() -> None:
    # a -> b (slow), a -> c -> d: d must not wait for b
    graph = Graph.of({"a": [], "b": ["a"], "c": ["a"], "d": ["c"]})

    async def behaviour(node: str, attempt: int) -> None:
        await anyio.sleep(0.3 if node == "b" else 0.01)

    h = Harness(graph, behaviour)
    await h.submit()
    await h.engine().run("t", "a1")
    assert h.time_of("start", "d") < h.time_of("end", "b")


async def test_transient_errors_are_retried_with_backoff() -> None:
    async def flaky(node: str, attempt: int) -> None:
        if node == "cto" and attempt < 3:
            raise TransientError("rate limited", retry_after_s=0.001)

    h = Harness(assessment_graph(), flaky)
    await h.submit()
    final = await h.engine().run("t", "a1")
    assert final.status is AssessmentStatus.COMPLETED
    assert h.attempts["cto"] == 3
    assert (await h.results.get("t", "a1", "cto")).attempts == 3


async def test_a_permanent_error_fails_the_node_once_and_the_others_go_on() -> None:
    async def broken(node: str, attempt: int) -> None:
        if node == "research":
            raise PermanentError("bad request")

    h = Harness(assessment_graph(), broken)
    await h.submit()
    final = await h.engine().run("t", "a1")
    assert h.attempts["research"] == 1
    assert final.status is AssessmentStatus.COMPLETED  # synthesis tolerates missing analysts
    research = await h.results.get("t", "a1", "research")
    assert not research.ok
    assert "bad request" in (research.error or "")
    synthesis = await h.results.get("t", "a1", SYNTHESIS)
    assert "research" not in synthesis.facts["inputs"]
    assert synthesis.facts["failed_inputs"] == ["research"]


async def test_an_agent_bug_is_isolated_to_its_node() -> None:
    async def buggy(node: str, attempt: int) -> None:
        if node == "mlops":
            raise ZeroDivisionError("oops")

    h = Harness(assessment_graph(), buggy)
    await h.submit()
    final = await h.engine().run("t", "a1")
    assert final.progress["mlops"].status is NodeStatus.FAILED
    assert final.progress["mlops"].error == "ZeroDivisionError: oops"
    assert final.status is AssessmentStatus.COMPLETED


async def test_a_timeout_fails_the_node_after_its_attempts() -> None:
    async def hangs(node: str, attempt: int) -> None:
        if node == "simulation":
            await anyio.sleep(10)

    settings = EngineSettings(node_timeout_s=0.05, max_attempts=2, backoff_base_s=0.001)
    h = Harness(assessment_graph(), hangs, settings=settings)
    await h.submit()
    final = await h.engine().run("t", "a1")
    assert h.attempts["simulation"] == 2
    assert final.progress["simulation"].error == "timed out after 0.05 s"


async def test_failure_of_a_critical_node_fails_the_assessment() -> None:
    async def broken(node: str, attempt: int) -> None:
        if node == DATA_VALIDATION:
            raise PermanentError("unusable input")

    h = Harness(assessment_graph(), broken)
    await h.submit()
    final = await h.engine().run("t", "a1")
    assert final.status is AssessmentStatus.FAILED
    assert h.starts() == [DATA_VALIDATION]  # nothing downstream ran
    assert final.error == "failed: data_validation, synthesis"


async def test_rerun_skips_checkpointed_nodes() -> None:
    h = Harness(assessment_graph())
    await h.submit()
    await h.engine().run("t", "a1")
    a = await h.repo.get("t", "a1")
    # a completed assessment is not runnable: nothing runs again
    await h.engine().run("t", "a1")
    assert len(h.starts()) == len(assessment_graph().nodes)
    assert a.status is AssessmentStatus.COMPLETED


async def test_pause_finishes_running_nodes_and_starts_no_new_ones() -> None:
    async def behaviour(node: str, attempt: int) -> None:
        await anyio.sleep(0.15 if node in ANALYSTS else 0.0)

    h = Harness(assessment_graph(), behaviour)
    await h.submit()
    async with anyio.create_task_group() as tg:
        tg.start_soon(h.engine().run, "t", "a1")
        await anyio.sleep(0.05)
        a = await h.repo.get("t", "a1")
        await h.repo.save(a.model_copy(update={"requested": "pause"}))
    paused = await h.repo.get("t", "a1")
    assert paused.status is AssessmentStatus.PAUSED
    assert SYNTHESIS not in h.starts()
    assert all(paused.progress[n].status is NodeStatus.COMPLETED for n in ANALYSTS)
    # resume: queued again, then only the unfinished nodes run
    await h.repo.save(paused.transition(AssessmentStatus.QUEUED, paused.updated_at))
    final = await h.engine().run("t", "a1")
    assert final.status is AssessmentStatus.COMPLETED
    assert sorted(h.starts()) == sorted(assessment_graph().nodes)


async def test_cancel_stops_running_nodes() -> None:
    async def behaviour(node: str, attempt: int) -> None:
        await anyio.sleep(5 if node in ANALYSTS else 0.0)

    h = Harness(assessment_graph(), behaviour)
    await h.submit()
    started = anyio.current_time()
    async with anyio.create_task_group() as tg:
        tg.start_soon(h.engine().run, "t", "a1")
        await anyio.sleep(0.05)
        a = await h.repo.get("t", "a1")
        await h.repo.save(a.model_copy(update={"requested": "cancel"}))
    final = await h.repo.get("t", "a1")
    assert final.status is AssessmentStatus.CANCELLED
    assert anyio.current_time() - started < 1
    assert not [n for kind, n, _ in h.log if kind == "end" and n in ANALYSTS]


async def test_events_follow_checkpoints_in_order() -> None:
    h = Harness(assessment_graph())
    await h.submit()
    seen: list[ProgressEvent] = []
    stored_at_event: list[bool] = []

    async def follow() -> None:
        async with h.events.subscribe("t", "a1") as stream:
            async for event in stream:
                seen.append(event)
                if event.type is EventType.NODE_FINISHED:
                    stored = {r.node for r in await h.results.list("t", "a1")}
                    stored_at_event.append(event.node in stored)
                if event.type is EventType.ASSESSMENT_STATUS and event.status == "completed":
                    return

    async with anyio.create_task_group() as tg:
        tg.start_soon(follow)
        await anyio.sleep(0.01)
        await h.engine().run("t", "a1")
    kinds = [e.type for e in seen]
    assert kinds.count(EventType.NODE_FINISHED) == 13
    assert all(stored_at_event)
    assert seen[-1].progress == 1.0


async def test_paused_or_terminal_assessments_are_not_run() -> None:
    h = Harness(assessment_graph())
    a = await h.submit()
    await h.repo.save(a.transition(AssessmentStatus.PAUSED, a.updated_at))
    final = await h.engine().run("t", "a1")
    assert final.status is AssessmentStatus.PAUSED
    assert h.starts() == []
