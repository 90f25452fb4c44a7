"""CPU-bound work on a bounded set of worker threads of this process.

Threads rather than processes: the work is the deployment analysis, whose inputs (the knowledge
base) and output (the analysis, hundreds of pydantic objects) would be pickled across a process
boundary on every call, and whose memo (``domain.serving_search``) a thread shares with every
later assessment of the process. A thread holding the GIL is made to yield it every
``sys.getswitchinterval()`` (5 ms), so the event loop keeps answering while an analysis runs
(tests/unit/services/test_loop_lag.py); more cores are used by running more server or worker
processes (``infra-mind serve --workers``, arq workers)."""

from __future__ import annotations

from collections.abc import Callable

import anyio
import anyio.to_thread


class ThreadComputePool:
    def __init__(self, max_workers: int = 2) -> None:
        self._max_workers = max_workers
        self._limiter: anyio.CapacityLimiter | None = None

    async def run[T](self, fn: Callable[[], T]) -> T:
        if self._limiter is None:  # created on first use, inside the running loop
            self._limiter = anyio.CapacityLimiter(self._max_workers)
        return await anyio.to_thread.run_sync(fn, limiter=self._limiter)
