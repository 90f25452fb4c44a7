"""The event loop is never blocked while assessments run: the analysis (and the other CPU-bound
computations of the agents) run in the compute pool, off the loop."""

from __future__ import annotations

import asyncio
import time

import anyio
import pytest

from infra_mind.adapters.inprocess.compute import ThreadComputePool
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.serving_search import clear_memos
from infra_mind.ports.compute import ComputePool
from tests.factories import EXAMPLES, example_input
from tests.unit.services.agents.harness import run

MAX_BLOCKED_MS = 50.0


@pytest.fixture
def callback_cpu_ms(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The loop thread's CPU time of every callback the loop runs (each task step is one): how
    long the loop was blocked by it. CPU, not wall time, so other processes holding the
    machine's cores do not count."""
    durations: list[float] = []
    original = asyncio.events.Handle._run

    def timed(handle: asyncio.events.Handle) -> None:
        start = time.thread_time()
        try:
            original(handle)
        finally:
            durations.append((time.thread_time() - start) * 1000)

    monkeypatch.setattr(asyncio.events.Handle, "_run", timed)
    return durations


def assess_concurrently(compute: ComputePool | None, names: tuple[str, ...]) -> None:
    inputs = [example_input(name) for name in names]
    clear_memos()  # every analysis is computed, none is remembered from another test

    async def main() -> None:
        async def one(i: int, data: AssessmentInput) -> None:
            await run(data, f"lag-{i}", compute)

        async with anyio.create_task_group() as tg:
            for i, data in enumerate(inputs):
                tg.start_soon(one, i, data)

    anyio.run(main)


def test_loop_is_never_blocked_over_50_ms_while_assessments_run(
    callback_cpu_ms: list[float],
) -> None:
    assess_concurrently(ThreadComputePool(2), EXAMPLES * 2)

    assert max(callback_cpu_ms) < MAX_BLOCKED_MS


def test_an_analysis_computed_on_the_loop_blocks_it(callback_cpu_ms: list[float]) -> None:
    assess_concurrently(None, ("retail-recommender",))

    assert max(callback_cpu_ms) > MAX_BLOCKED_MS
