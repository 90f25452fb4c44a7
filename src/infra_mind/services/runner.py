"""Runs queued assessments: the job a queue hands to a worker, and start-up recovery."""

from __future__ import annotations

import logging

from infra_mind.domain.assessment import Assessment
from infra_mind.domain.errors import InfraMindError
from infra_mind.ports.clock import Clock
from infra_mind.ports.queue import JobQueue
from infra_mind.ports.repositories import AssessmentRepository
from infra_mind.services.workflow.engine import WorkflowEngine

log = logging.getLogger(__name__)


class AssessmentRunner:
    def __init__(
        self, engine: WorkflowEngine, assessments: AssessmentRepository, clock: Clock
    ) -> None:
        self._engine = engine
        self._assessments = assessments
        self._clock = clock

    async def run(self, tenant_id: str, assessment_id: str) -> Assessment | None:
        """Run one assessment to its next resting state. A job never raises for
        a domain reason: the outcome is recorded on the assessment."""
        try:
            return await self._engine.run(tenant_id, assessment_id)
        except InfraMindError as exc:
            log.warning("assessment %s/%s not run: %s", tenant_id, assessment_id, exc)
            return None

    async def recover(self, queue: JobQueue) -> int:
        """Re-enqueue queued assessments and running ones with no live lease."""
        refs = await self._assessments.find_recoverable(self._clock.now())
        count = 0
        for ref in refs:
            count += await queue.enqueue_assessment(ref.tenant_id, ref.assessment_id)
        return count
