"""The per-registry memo of the deployment analysis, keyed by the input."""

from __future__ import annotations

import contextlib
import hashlib
from collections import OrderedDict
from functools import partial

import anyio

from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.ports.compute import ComputePool
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.precision_fallback import analyse


def _key(data: AssessmentInput) -> str:
    return hashlib.sha256(data.model_dump_json().encode()).hexdigest()


class AnalysisCache:
    """Memoises ``analyse`` per input for the agents of one registry: eleven analysts read the
    same analysis, and it is pure, so it is computed once per distinct input (LRU-bounded).

    ``prepare`` computes it in a ``ComputePool`` (off the event loop) before the agents ask;
    the agents' synchronous ``get`` then finds it."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._entries: OrderedDict[str, Analysis] = OrderedDict()
        self._pending: dict[str, anyio.Event] = {}

    def get(self, kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
        key = _key(data)
        found = self._entries.get(key)
        if found is None:
            found = analyse(kb, data)
            self._store(key, found)
        self._entries.move_to_end(key)
        return found

    async def prepare(self, pool: ComputePool, kb: KnowledgeBase, data: AssessmentInput) -> None:
        """Compute the analysis of ``data`` in ``pool`` unless it is known or being computed
        (concurrent callers wait for the one computation). A failure is not kept: the agent's
        own ``get`` raises it where it belongs."""
        key = _key(data)
        if key in self._entries:
            return
        pending = self._pending.get(key)
        if pending is not None:
            await pending.wait()
            return
        self._pending[key] = done = anyio.Event()
        try:
            with contextlib.suppress(Exception):  # the agent's own get raises it where it belongs
                self._store(key, await pool.run(partial(analyse, kb, data)))
        finally:
            del self._pending[key]
            done.set()

    def _store(self, key: str, analysis: Analysis) -> None:
        self._entries[key] = analysis
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
