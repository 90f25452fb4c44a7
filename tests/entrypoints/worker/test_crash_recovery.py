"""kill -9 a worker in the middle of the agents: a new worker finishes the assessment
without running any checkpointed node again."""

from __future__ import annotations

import time

import pytest

from infra_mind.container import resolve
from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.workflow import ANALYSTS
from tests.entrypoints.worker.harness import Cluster, until
from tests.factories import example_input

pytestmark = pytest.mark.anyio


async def test_kill_9_mid_run_completes_on_a_new_worker_without_rerunning_checkpoints(
    cluster: Cluster,
) -> None:
    worker = cluster.start_worker()
    async with cluster.api() as c:
        service = await resolve(c.services.assessment_service)
        results = await resolve(c.storage.results)
        submitted = await service.submit("t1", example_input())
        aid = submitted.id

        async def some_analysts_done() -> bool:
            done = {r.node for r in await results.list("t1", aid) if r.ok}
            return len(done & set(ANALYSTS)) >= 2

        await until(some_analysts_done, 30, "analysts to finish")
        cluster.kill(worker)
        killed_at = time.monotonic()
        checkpointed = {r.node for r in await results.list("t1", aid) if r.ok}
        assert len(checkpointed) < 13

        cluster.start_worker()

        async def completed() -> bool:
            return (await service.get("t1", aid)).status is AssessmentStatus.COMPLETED

        await until(completed, 30, "the assessment to complete on the new worker")
        recovery_s = time.monotonic() - killed_at

    starts = cluster.starts(aid)
    assert {n: 1 for n in checkpointed} == {n: starts[n] for n in checkpointed}
    assert len(starts) == 13
    assert recovery_s < 30
