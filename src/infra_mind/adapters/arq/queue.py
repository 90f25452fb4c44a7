"""arq job queue: assessments and reports on separate Redis queues, urgent work first.

Urgency without a second poller: arq takes due jobs in score order, so an
urgent job is enqueued with a score one hour in the past and every worker of
the assessments queue picks it before any normal job that is waiting.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix

from infra_mind.adapters.arq.jobs import (
    RENDER_REPORT,
    RUN_ASSESSMENT,
    assessment_job_id,
    fresh_assessment_job_id,
    queue_name,
    report_job_id,
)
from infra_mind.adapters.redis.faults import redis_unavailable
from infra_mind.ports.queue import QueuePriority

URGENT_HEAD_START = timedelta(hours=1)
JOB_EXPIRES = timedelta(days=7)


class ArqJobQueue:
    """Implements DurableJobQueue. Jobs carry ids only; the worker loads the rest.
    Redis being unreachable raises ``StorageUnavailable`` (the caller has already
    stored the assessment, so the reconciler enqueues it once Redis is back)."""

    def __init__(self, redis: ArqRedis, prefix: str = "infra-mind") -> None:
        self._redis = redis
        self._prefix = prefix
        self.assessments_queue = queue_name(prefix, "assessments")
        self.reports_queue = queue_name(prefix, "reports")

    async def enqueue_assessment(
        self, tenant_id: str, assessment_id: str, *, priority: QueuePriority = "normal"
    ) -> bool:
        """False when a job for the assessment is already waiting. A job that is
        in progress (about to stop after a pause, or held by a dead worker) does
        not block: the new job gets a fresh id and the lease settles who runs."""
        job_id = self._id(assessment_job_id(tenant_id, assessment_id))
        with redis_unavailable("enqueue"):
            if await self._redis.exists(job_key_prefix + job_id):
                if not await self._redis.exists(in_progress_key_prefix + job_id):
                    return False
                job_id = self._id(fresh_assessment_job_id(tenant_id, assessment_id))
            return await self._enqueue_run(tenant_id, assessment_id, job_id, priority)

    async def requeue_assessment(
        self, tenant_id: str, assessment_id: str, *, priority: QueuePriority = "normal"
    ) -> bool:
        job_id = self._id(fresh_assessment_job_id(tenant_id, assessment_id))
        with redis_unavailable("requeue"):
            return await self._enqueue_run(tenant_id, assessment_id, job_id, priority)

    async def has_job(self, tenant_id: str, assessment_id: str) -> bool:
        with redis_unavailable("job lookup"):
            marker = await self._redis.get(self._marker(tenant_id, assessment_id))
            candidates = [self._id(assessment_job_id(tenant_id, assessment_id))]
            if marker:
                candidates.append(marker.decode())
            keys = [job_key_prefix + j for j in candidates] + [
                in_progress_key_prefix + j for j in candidates
            ]
            return bool(await self._redis.exists(*keys))

    async def enqueue_report(
        self, tenant_id: str, assessment_id: str, report_type: str, report_format: str
    ) -> bool:
        """Implements ReportQueue: the reports worker renders into the shared cache."""
        job_id = report_job_id(tenant_id, assessment_id, report_type, report_format)
        with redis_unavailable("enqueue report"):
            job = await self._redis.enqueue_job(
                RENDER_REPORT,
                tenant_id,
                assessment_id,
                report_type,
                report_format,
                _job_id=self._id(job_id),
                _queue_name=self.reports_queue,
                _expires=JOB_EXPIRES,
            )
        return job is not None

    async def _enqueue_run(
        self, tenant_id: str, assessment_id: str, job_id: str, priority: QueuePriority
    ) -> bool:
        defer_until = datetime.now(UTC) - URGENT_HEAD_START if priority == "urgent" else None
        job = await self._redis.enqueue_job(
            RUN_ASSESSMENT,
            tenant_id,
            assessment_id,
            _job_id=job_id,
            _queue_name=self.assessments_queue,
            _defer_until=defer_until,
            _expires=JOB_EXPIRES,
        )
        if job is None:
            return False
        await self._redis.set(self._marker(tenant_id, assessment_id), job_id, ex=JOB_EXPIRES)
        return True

    def _id(self, job_id: str) -> str:
        return f"{self._prefix}:{job_id}"

    def _marker(self, tenant_id: str, assessment_id: str) -> str:
        return f"{self._prefix}:assessment-job:{tenant_id}:{assessment_id}"
