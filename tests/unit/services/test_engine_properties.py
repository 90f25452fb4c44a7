"""Property tests over random graphs: once each, in dependency order, crash-safe."""

from __future__ import annotations

import anyio
import anyio.lowlevel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.results import AgentResult
from infra_mind.domain.workflow import Graph
from tests.unit.services.engine_harness import Harness


class SimulatedCrash(BaseException):
    """Stands for the process dying: not an Exception, so nothing handles it."""


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    n = draw(st.integers(min_value=1, max_value=9))
    names = [f"n{i}" for i in range(n)]
    deps = {
        name: [names[j] for j in range(i) if draw(st.booleans())] for i, name in enumerate(names)
    }
    return Graph.of(deps)


def run(coro_fn, *args):  # type: ignore[no-untyped-def]
    return anyio.run(coro_fn, *args)


def assert_dependency_order(h: Harness, graph: Graph) -> None:
    for node in h.starts():
        for dep in graph.deps[node]:
            assert h.time_of("end", dep) <= h.time_of("start", node)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=graphs(), delays=st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_every_node_runs_exactly_once_and_never_before_its_dependencies(
    graph: Graph, delays: list[int]
) -> None:
    async def behaviour(node: str, attempt: int) -> None:
        await anyio.sleep(delays[int(node[1:])] / 1000)

    async def scenario() -> None:
        h = Harness(graph, behaviour)
        await h.submit()
        final = await h.engine().run("t", "a1")
        assert final.status is AssessmentStatus.COMPLETED
        assert sorted(h.starts()) == sorted(graph.nodes)
        assert_dependency_order(h, graph)

    run(scenario)


class CrashingResults:
    """Result store that dies right after the k-th checkpoint is written."""

    def __init__(self, inner, crash_after: int | None) -> None:  # type: ignore[no-untyped-def]
        self._inner, self._left = inner, crash_after

    async def save(self, result: AgentResult) -> None:
        await self._inner.save(result)
        if self._left is not None:
            self._left -= 1
            if self._left == 0:
                raise SimulatedCrash

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._inner, name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    graph=graphs(),
    crash_at=st.integers(min_value=1, max_value=9),
    during_node=st.booleans(),
)
def test_rerun_after_a_crash_finishes_the_same_and_never_repeats_a_checkpoint(
    graph: Graph, crash_at: int, during_node: bool
) -> None:
    async def scenario() -> None:
        clean = Harness(graph)
        await clean.submit()
        await clean.engine().run("t", "a1")
        expected = {r.node: r.facts for r in await clean.results.list("t", "a1")}

        started = 0

        async def crash_in_node(node: str, attempt: int) -> None:
            nonlocal started
            started += 1
            if during_node and started == crash_at:
                raise SimulatedCrash

        h = Harness(graph, crash_in_node)
        await h.submit()
        engine = h.engine()
        if not during_node:
            engine._results = CrashingResults(h.results, crash_at)  # type: ignore[assignment]
        try:
            await engine.run("t", "a1")
        except BaseException as exc:
            crashed = isinstance(exc, SimulatedCrash) or (
                isinstance(exc, BaseExceptionGroup) and exc.subgroup(SimulatedCrash) is not None
            )
            assert crashed
        checkpointed = {r.node for r in await h.results.list("t", "a1") if r.ok}
        before = len(h.starts())

        h.behaviour = lambda node, attempt: anyio.lowlevel.checkpoint()
        final = await h.engine().run("t", "a1")
        rerun = h.starts()[before:]
        assert final.status is AssessmentStatus.COMPLETED
        assert not checkpointed & set(rerun)
        assert {r.node: r.facts for r in await h.results.list("t", "a1")} == expected

    run(scenario)
