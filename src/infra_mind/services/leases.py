"""Leased runs: a worker runs an assessment only while it holds the assessment's lease.

The lease (owner, expires_at) lives on the stored assessment and is taken and
renewed with optimistic concurrency, so two workers never run one assessment
at the same time. A heartbeat renews it while the engine runs; a worker that
dies stops renewing, the lease lapses and the reconciler hands the assessment
to a live worker, which skips every checkpointed node.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio
from anyio import CancelScope

from infra_mind.domain.assessment import Assessment, AssessmentStatus, Lease
from infra_mind.domain.errors import InfraMindError, NotFound
from infra_mind.ports.clock import Clock
from infra_mind.ports.queue import DurableJobQueue, JobQueue
from infra_mind.ports.repositories import AssessmentRepository
from infra_mind.services.concurrency import update_assessment
from infra_mind.services.workflow.engine import WorkflowEngine

log = logging.getLogger(__name__)
S = AssessmentStatus


@dataclass(frozen=True)
class LeaseSettings:
    ttl_s: float = 10.0
    heartbeat_s: float = 3.0


class _Refused(InfraMindError):
    """The change does not apply to the stored assessment any more."""


def leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions inside ``exc``, task-group wrappers unpacked."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in leaves(inner)]
    return [exc]


def lease_live(a: Assessment, now: datetime) -> bool:
    return a.lease is not None and a.lease.expires_at > now


def hand_back(a: Assessment, now: datetime) -> Assessment:
    """A running assessment given up by its worker: queued again, unless a pause
    or cancel was requested meanwhile, which then takes effect."""
    if a.requested == "cancel":
        return a.transition(S.CANCELLED, now)
    if a.requested == "pause":
        return a.transition(S.PAUSED, now)
    return a.transition(S.QUEUED, now)


async def requeue(queue: JobQueue, a: Assessment) -> bool:
    """Enqueue under a fresh job id when the queue can (an old job may be stuck)."""
    if isinstance(queue, DurableJobQueue):
        return await queue.requeue_assessment(a.tenant_id, a.id, priority=a.priority)
    return await queue.enqueue_assessment(a.tenant_id, a.id, priority=a.priority)


@dataclass
class LeasedRunner:
    """The job a worker runs: take the lease, run the engine with a heartbeat,
    let go. Returns the final assessment, or None when it did not run it."""

    engine: WorkflowEngine
    assessments: AssessmentRepository
    queue: JobQueue
    clock: Clock
    owner: str
    settings: LeaseSettings = field(default_factory=LeaseSettings)
    active: set[tuple[str, str]] = field(default_factory=set)

    async def run(self, tenant_id: str, assessment_id: str) -> Assessment | None:
        if not await self._acquire(tenant_id, assessment_id):
            return None
        key = (tenant_id, assessment_id)
        self.active.add(key)
        log.info("assessment %s/%s: lease taken by %s, run started", *key, self.owner)
        try:
            final = await self._run_holding(tenant_id, assessment_id)
            if final is not None:
                log.info("assessment %s/%s: run finished %s", *key, final.status.value)
            return final
        except anyio.get_cancelled_exc_class():
            # Shutdown (SIGTERM) or a job timeout: hand the work back, never drop it.
            with anyio.CancelScope(shield=True):
                await self.give_back(tenant_id, assessment_id)
            raise
        # Supervision: nothing a run raises leaves this method (see ``_settle``).
        except Exception as exc:
            await self._settle(tenant_id, assessment_id, exc)
            return None
        finally:
            self.active.discard(key)

    async def _settle(self, tenant_id: str, assessment_id: str, exc: Exception) -> None:
        """Record a run that raised: a deleted assessment is left alone; a store or
        conflict error (the store is down or busy) lets the lease go so the reconciler
        runs it again on its next pass; anything else is a defect, recorded on the
        assessment as failed with the reason (a retry would fail the same way)."""
        causes = leaves(exc)
        if any(isinstance(c, NotFound) for c in causes):
            log.info("assessment %s/%s deleted while it ran", tenant_id, assessment_id)
            return
        if all(isinstance(c, InfraMindError) for c in causes):
            why = "; ".join(str(c) for c in causes)
            log.warning("assessment %s/%s not run, will retry: %s", tenant_id, assessment_id, why)
            await self._release(tenant_id, assessment_id)
            return
        log.error("assessment %s/%s failed", tenant_id, assessment_id, exc_info=exc)
        reason = "internal error: " + "; ".join(sorted({type(c).__name__ for c in causes}))

        def fail(a: Assessment) -> Assessment:
            now = self.clock.now()
            running = a.transition(S.RUNNING, now) if a.status is S.QUEUED else a
            return running.transition(S.FAILED, now).model_copy(update={"error": reason})

        try:
            current = await self.assessments.get(tenant_id, assessment_id)
            await update_assessment(self.assessments, current, fail)
        except InfraMindError as again:
            log.warning("%s/%s: failure not recorded: %s", tenant_id, assessment_id, again)

    async def give_back(self, tenant_id: str, assessment_id: str) -> bool:
        """Running → queued (lease cleared) and re-enqueued, if this worker holds it."""

        def back(a: Assessment) -> Assessment:
            if a.status is not S.RUNNING or not self._mine(a):
                raise _Refused("not held by this worker")
            return hand_back(a, self.clock.now())

        try:
            current = await self.assessments.get(tenant_id, assessment_id)
            moved = await update_assessment(self.assessments, current, back)
        except InfraMindError as exc:
            log.info("assessment %s/%s not handed back: %s", tenant_id, assessment_id, exc)
            return False
        if moved.status is S.QUEUED:
            await requeue(self.queue, moved)
        log.info("assessment %s/%s handed back as %s", tenant_id, assessment_id, moved.status)
        return True

    def _mine(self, a: Assessment) -> bool:
        return a.lease is not None and a.lease.owner == self.owner

    def _lease(self) -> Lease:
        expires = self.clock.now() + timedelta(seconds=self.settings.ttl_s)
        return Lease(owner=self.owner, expires_at=expires)

    async def _acquire(self, tenant_id: str, assessment_id: str) -> bool:
        def claim(a: Assessment) -> Assessment:
            if a.status not in (S.QUEUED, S.RUNNING):
                raise _Refused(f"status is {a.status.value}")
            if lease_live(a, self.clock.now()) and not self._mine(a):
                raise _Refused(f"leased by {a.lease.owner if a.lease else '?'}")
            return a.model_copy(update={"lease": self._lease()})

        try:
            current = await self.assessments.get(tenant_id, assessment_id)
            await update_assessment(self.assessments, current, claim)
        except InfraMindError as exc:
            log.info("assessment %s/%s skipped: %s", tenant_id, assessment_id, exc)
            return False
        return True

    async def _run_holding(self, tenant_id: str, assessment_id: str) -> Assessment | None:
        final: Assessment | None = None
        async with anyio.create_task_group() as tg:

            async def main() -> None:
                nonlocal final
                final = await self.engine.run(tenant_id, assessment_id, lease_owner=self.owner)
                tg.cancel_scope.cancel()

            tg.start_soon(self._heartbeat, tenant_id, assessment_id, tg.cancel_scope)
            tg.start_soon(main)
        if final is None:
            log.warning("assessment %s/%s: lease lost, run abandoned", tenant_id, assessment_id)
        elif final.status is S.RUNNING:
            await self._release(tenant_id, assessment_id)
        return final

    async def _heartbeat(self, tenant_id: str, assessment_id: str, scope: CancelScope) -> None:
        def renew(a: Assessment) -> Assessment:
            if not self._mine(a):
                raise _Refused("lease lost")
            return a.model_copy(update={"lease": self._lease()})

        while True:
            await anyio.sleep(self.settings.heartbeat_s)
            current = await self.assessments.get(tenant_id, assessment_id)
            try:
                await update_assessment(self.assessments, current, renew)
            except _Refused:
                fresh = await self.assessments.get(tenant_id, assessment_id)
                if fresh.status in (S.QUEUED, S.RUNNING):  # another worker took over
                    scope.cancel()
                return

    async def _release(self, tenant_id: str, assessment_id: str) -> None:
        def release(a: Assessment) -> Assessment:
            if not self._mine(a):
                raise _Refused("not held")
            return a.model_copy(update={"lease": None})

        try:
            current = await self.assessments.get(tenant_id, assessment_id)
            await update_assessment(self.assessments, current, release)
        except InfraMindError:
            return
        log.info("assessment %s/%s: lease released", tenant_id, assessment_id)
