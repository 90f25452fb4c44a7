"""In-process job queue: runs assessments as tasks of this process, urgent first."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable

import anyio
from anyio.abc import TaskStatus

from infra_mind.ports.queue import QueuePriority

Handler = Callable[[str, str], Awaitable[object]]
log = logging.getLogger(__name__)


class InProcessJobQueue:
    """Jobs live only in this process; durability comes from the stored status
    (queued assessments are found again by the reconciler).

    Supervised: a job's exception is logged and dropped here (the handler records
    it on the assessment), so one job can never stop the runner or the server;
    ``alive`` is what readiness reports, and the entrypoint restarts ``serve``
    should it ever return with an error."""

    def __init__(self, handler: Handler, concurrency: int = 8) -> None:
        self._handler = handler
        self._slots = anyio.Semaphore(concurrency)
        self._queues: dict[QueuePriority, deque[tuple[str, str]]] = {
            "urgent": deque(),
            "normal": deque(),
        }
        self._known: set[tuple[str, str]] = set()
        self._wakeup = anyio.Event()
        self.alive = False

    async def enqueue_assessment(
        self, tenant_id: str, assessment_id: str, *, priority: QueuePriority = "normal"
    ) -> bool:
        key = (tenant_id, assessment_id)
        if key in self._known:
            return False
        self._known.add(key)
        self._queues[priority].append(key)
        self._wakeup.set()
        return True

    @property
    def pending(self) -> int:
        return len(self._known)

    async def serve(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Take jobs until cancelled; call it inside the entrypoint's task group."""
        try:
            async with anyio.create_task_group() as tg:
                self.alive = True
                task_status.started()
                while True:
                    key = self._next()
                    if key is None:
                        self._wakeup = anyio.Event()
                        await self._wakeup.wait()
                        continue
                    await self._slots.acquire()
                    tg.start_soon(self._run, key)
        finally:
            self.alive = False

    def _next(self) -> tuple[str, str] | None:
        for priority in ("urgent", "normal"):
            if self._queues[priority]:
                return self._queues[priority].popleft()
        return None

    async def _run(self, key: tuple[str, str]) -> None:
        try:
            await self._handler(*key)
        # The last line of defence: whatever a job raises stays with that job.
        except Exception:
            log.exception("job for assessment %s/%s failed", *key)
        finally:
            self._slots.release()
            self._known.discard(key)
