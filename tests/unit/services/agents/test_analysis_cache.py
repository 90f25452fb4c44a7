"""The analysis is computed once, in the pool, however many agents ask for it at once."""

from __future__ import annotations

from collections.abc import Callable

import anyio
import pytest

from infra_mind.services.agents.analysis_cache import AnalysisCache
from tests.factories import example_input
from tests.unit.services.agents.harness import KB


class CountingPool:
    def __init__(self) -> None:
        self.calls = 0

    async def run[T](self, fn: Callable[[], T]) -> T:
        self.calls += 1
        await anyio.sleep(0.01)  # the other callers arrive while this one computes
        return fn()


@pytest.mark.anyio
async def test_concurrent_prepares_compute_the_analysis_once() -> None:
    cache, pool, data = AnalysisCache(), CountingPool(), example_input("retail-recommender")

    async with anyio.create_task_group() as tg:
        for _ in range(10):
            tg.start_soon(cache.prepare, pool, KB, data)

    assert pool.calls == 1


@pytest.mark.anyio
async def test_a_prepared_analysis_is_what_get_returns() -> None:
    cache, pool, data = AnalysisCache(), CountingPool(), example_input("fintech-fraud-model")
    await cache.prepare(pool, KB, data)

    prepared = cache.get(KB, data)
    await cache.prepare(pool, KB, data)

    assert (1, prepared) == (pool.calls, cache.get(KB, data))
