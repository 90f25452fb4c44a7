"""100 assessments at once on 2 worker processes: all complete, none runs twice at once."""

from __future__ import annotations

import itertools
from collections import defaultdict

import anyio
import pytest

from infra_mind.container import resolve
from infra_mind.domain.assessment import AssessmentStatus
from tests.entrypoints.worker.harness import Cluster, until
from tests.factories import example_input

pytestmark = pytest.mark.anyio


def run_spans(cluster: Cluster) -> dict[str, list[tuple[int, float, float]]]:
    """Per assessment, each process's span from its first node start to its last node end."""
    first: dict[tuple[str, int], float] = {}
    last: dict[tuple[str, int], float] = {}
    for pid, aid, _node, _what, at in cluster.runs():
        first[(aid, pid)] = min(first.get((aid, pid), at), at)
        last[(aid, pid)] = max(last.get((aid, pid), at), at)
    spans: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for (aid, pid), start in first.items():
        spans[aid].append((pid, start, last[(aid, pid)]))
    return spans


async def test_hundred_assessments_on_two_workers_complete_without_overlap(
    cluster: Cluster,
) -> None:
    cluster.node_s = 0.05
    cluster.concurrency = 20
    cluster.start_worker()
    cluster.start_worker()
    async with cluster.api() as c:
        service = await resolve(c.services.assessment_service)
        data = example_input()
        ids: list[str] = []

        async def submit() -> None:
            ids.append((await service.submit("t1", data)).id)

        async with anyio.create_task_group() as tg:
            for _ in range(100):
                tg.start_soon(submit)

        async def all_done() -> bool:
            page = await service.list("t1", status=AssessmentStatus.COMPLETED, limit=200)
            return len(page.items) == 100

        await until(all_done, 50, "100 completions")

    spans = run_spans(cluster)
    assert set(ids) == set(spans)
    for aid, runs in spans.items():
        runs.sort(key=lambda r: r[1])
        for (_, _, end), (_, start, _) in itertools.pairwise(runs):
            assert end <= start, f"{aid} ran in two processes at once: {runs}"
    node_starts = [cluster.starts(aid) for aid in ids]
    assert all(set(s.values()) == {1} for s in node_starts)
    assert len({pid for runs in spans.values() for pid, _, _ in runs}) == 2
