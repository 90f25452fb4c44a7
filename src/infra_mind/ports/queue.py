"""Job queue port: hand an accepted assessment to whatever runs it."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

QueuePriority = Literal["normal", "urgent"]


@runtime_checkable
class JobQueue(Protocol):
    """Enqueues work by id only (the assessment is already stored).

    Enqueuing an assessment that already has a pending job is a no-op that
    returns False: one assessment never runs twice at the same time.
    """

    async def enqueue_assessment(
        self, tenant_id: str, assessment_id: str, *, priority: QueuePriority = "normal"
    ) -> bool: ...
