"""Pause, resume, cancel and SIGTERM across processes: the test process submits like
the API does, a separate worker process runs."""

from __future__ import annotations

import signal

import pytest

from infra_mind.container import resolve
from infra_mind.domain.assessment import AssessmentStatus
from tests.entrypoints.worker.harness import Cluster, until
from tests.factories import example_input

pytestmark = pytest.mark.anyio
S = AssessmentStatus


async def test_pause_finishes_running_nodes_then_resume_skips_checkpoints(
    cluster: Cluster,
) -> None:
    cluster.start_worker()
    async with cluster.api() as c:
        service = await resolve(c.services.assessment_service)
        aid = (await service.submit("t1", example_input())).id

        async def analysts_started() -> bool:
            return "cto" in cluster.starts(aid)

        await until(analysts_started, 30, "analysts to start")
        await service.pause("t1", aid)

        async def paused() -> bool:
            return (await service.get("t1", aid)).status is S.PAUSED

        await until(paused, 20, "pause")
        assert "synthesis" not in cluster.starts(aid)
        done_at_pause = {
            n
            for n, p in (await service.get("t1", aid)).progress.items()
            if p.status.value == "completed"
        }
        assert {"data_validation", "cto"} <= done_at_pause  # running nodes finished

        await service.resume("t1", aid)

        async def completed() -> bool:
            return (await service.get("t1", aid)).status is S.COMPLETED

        await until(completed, 30, "completion after resume")
    starts = cluster.starts(aid)
    assert {n: 1 for n in done_at_pause} == {n: starts[n] for n in done_at_pause}


async def test_cancel_stops_running_nodes(cluster: Cluster) -> None:
    cluster.node_s = 4.0
    cluster.start_worker()
    async with cluster.api() as c:
        service = await resolve(c.services.assessment_service)
        aid = (await service.submit("t1", example_input())).id

        async def running() -> bool:
            return "data_validation" in cluster.starts(aid)

        await until(running, 30, "the first node")
        await service.cancel("t1", aid)

        async def cancelled() -> bool:
            return (await service.get("t1", aid)).status is S.CANCELLED

        await until(cancelled, 5, "cancel (well before the 6 s node would end)")
    ends = [r for r in cluster.runs() if r[1] == aid and r[3] == "end"]
    assert ends == []


async def test_sigterm_hands_running_assessments_back_to_the_queue(cluster: Cluster) -> None:
    worker = cluster.start_worker()
    async with cluster.api() as c:
        service = await resolve(c.services.assessment_service)
        queue = await resolve(c.messaging.queue)
        aid = (await service.submit("t1", example_input())).id

        async def analysts_started() -> bool:
            return "cto" in cluster.starts(aid)

        await until(analysts_started, 30, "analysts to start")
        cluster.kill(worker, signal.SIGTERM)
        handed_back = await service.get("t1", aid)
        assert (handed_back.status, handed_back.lease) == (S.QUEUED, None)
        assert await queue.has_job("t1", aid)

        cluster.start_worker()

        async def completed() -> bool:
            return (await service.get("t1", aid)).status is S.COMPLETED

        await until(completed, 30, "completion on the next worker")
