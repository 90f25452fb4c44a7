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


@runtime_checkable
class DurableJobQueue(JobQueue, Protocol):
    """A queue whose jobs outlive the process that enqueued them (Redis).

    ``has_job`` says whether a job for the assessment is pending or in progress.
    ``requeue_assessment`` enqueues under a fresh job id even when an old job
    (say, one held by a killed worker) still exists: recovery must not wait for
    the old job to time out. Leases keep the two from running at once.
    """

    async def has_job(self, tenant_id: str, assessment_id: str) -> bool: ...

    async def requeue_assessment(
        self, tenant_id: str, assessment_id: str, *, priority: QueuePriority = "normal"
    ) -> bool: ...
