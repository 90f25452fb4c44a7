"""The reconciler: nothing accepted stays unrun after a crash or a lost queue.

Runs periodically on the workers (an arq cron job) and once at start-up of the
embedded runner. Running assessments whose lease lapsed (their worker died)
are handed back and re-enqueued under a fresh job id; queued assessments the
queue has no job for (say, Redis lost data in a failover) are enqueued again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import InfraMindError
from infra_mind.ports.clock import Clock
from infra_mind.ports.queue import DurableJobQueue, JobQueue
from infra_mind.ports.repositories import AssessmentRef, AssessmentRepository
from infra_mind.services.concurrency import update_assessment
from infra_mind.services.leases import hand_back, lease_live, requeue

log = logging.getLogger(__name__)
S = AssessmentStatus


class _Settled(InfraMindError):
    """The assessment no longer needs recovering."""


@dataclass
class Reconciler:
    assessments: AssessmentRepository
    queue: JobQueue
    clock: Clock
    # A queued assessment younger than this may still be on its way to the queue.
    grace_s: float = 5.0

    async def reconcile(self) -> int:
        """One pass; returns how many assessments were enqueued again."""
        count = 0
        for ref in await self.assessments.find_recoverable(self.clock.now()):
            try:
                count += await self._recover(ref)
            except InfraMindError as exc:
                log.warning("reconcile %s/%s: %s", ref.tenant_id, ref.assessment_id, exc)
        if count:
            log.info("reconciler re-enqueued %d assessment(s)", count)
        return count

    async def _recover(self, ref: AssessmentRef) -> bool:
        current = await self.assessments.get(ref.tenant_id, ref.assessment_id)
        if current.status is S.RUNNING:
            try:
                moved = await update_assessment(self.assessments, current, self._take_back)
            except _Settled:
                return False
            return moved.status is S.QUEUED and await requeue(self.queue, moved)
        if current.status is not S.QUEUED:
            return False
        if self.clock.now() - current.updated_at < timedelta(seconds=self.grace_s):
            return False
        if isinstance(self.queue, DurableJobQueue):
            if await self.queue.has_job(current.tenant_id, current.id):
                return False
            return await self.queue.requeue_assessment(
                current.tenant_id, current.id, priority=current.priority
            )
        return await self.queue.enqueue_assessment(
            current.tenant_id, current.id, priority=current.priority
        )

    def _take_back(self, a: Assessment) -> Assessment:
        now = self.clock.now()
        if a.status is not S.RUNNING or lease_live(a, now):
            raise _Settled("running under a live lease")
        return hand_back(a, now)
