"""Assessment use cases: submit, start, pause, resume, cancel, read, delete."""

from __future__ import annotations

import builtins
import logging
from collections.abc import Awaitable, Callable
from datetime import date

import anyio
from anyio.abc import TaskGroup

from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import ConcurrencyConflict, IllegalTransition, StorageUnavailable
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.age import CatalogAge
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.recommendation import RecommendationBundle
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.events import EventBus
from infra_mind.ports.queue import JobQueue, QueuePriority
from infra_mind.ports.repositories import (
    AgentResultRepository,
    AssessmentRepository,
    Page,
    RecommendationRepository,
)
from infra_mind.services.admission import AdmissionControl
from infra_mind.services.concurrency import update_assessment
from infra_mind.services.leases import lease_live
from infra_mind.services.quotas import ON_CREATE, ON_QUEUE, TenantQuotaService

S = AssessmentStatus
log = logging.getLogger(__name__)


class AssessmentService:
    def __init__(
        self,
        assessments: AssessmentRepository,
        results: AgentResultRepository,
        recommendations: RecommendationRepository,
        queue: JobQueue,
        events: EventBus,
        clock: Clock,
        ids: IdGenerator,
        poll_s: float = 1.0,
        admission: AdmissionControl | None = None,
        catalog_age: Callable[[date], CatalogAge] | None = None,
        quotas: TenantQuotaService | None = None,
    ) -> None:
        self._quotas = quotas
        self._poll_s = poll_s
        self._admission = admission
        self._catalog_age = catalog_age
        self._assessments = assessments
        self._results = results
        self._recommendations = recommendations
        self._queue = queue
        self._events = events
        self._clock = clock
        self._ids = ids

    async def submit(
        self,
        tenant_id: str,
        data: AssessmentInput,
        *,
        title: str | None = None,
        start: bool = True,
        priority: QueuePriority = "normal",
        assessment_id: str | None = None,
    ) -> Assessment:
        """Store the assessment first (queued, or draft when ``start`` is False),
        then enqueue it: an accepted assessment is never lost. Raises ``QuotaExceeded`` or
        ``Overloaded``, storing nothing, when it would pass a tenant quota or the admission
        limit."""
        if self._quotas is not None:
            await self._quotas.check(tenant_id, ON_CREATE | ON_QUEUE if start else ON_CREATE)
        now = self._clock.now()
        draft = Assessment(
            id=assessment_id or self._ids.new_id(),
            tenant_id=tenant_id,
            title=title or data.display_title,
            input=data,
            priority=priority,
            created_at=now,
            updated_at=now,
        )
        if not start:
            return await self._assessments.add(draft)
        if self._admission is None:
            stored = await self._assessments.add(draft.transition(S.QUEUED, now))
        else:
            await self._admission.admit(tenant_id)
            try:
                stored = await self._assessments.add(draft.transition(S.QUEUED, now))
            finally:
                self._admission.settle(tenant_id)
        await self._enqueue(stored)
        return stored

    async def update_draft(
        self, tenant_id: str, assessment_id: str, data: AssessmentInput, expected_version: int
    ) -> Assessment:
        current = await self._assessments.get(tenant_id, assessment_id)
        if current.version != expected_version:
            raise ConcurrencyConflict(
                "assessment", assessment_id, expected_version, current.version
            )
        if current.status is not S.DRAFT:
            raise IllegalTransition(current.status.value, "edited (only drafts can change)")
        now = self._clock.now()
        return await self._assessments.save(
            current.model_copy(update={"input": data, "updated_at": now})
        )

    async def start(self, tenant_id: str, assessment_id: str) -> Assessment:
        """Queue a draft, or retry a failed assessment (checkpointed nodes are kept)."""
        current = await self._assessments.get(tenant_id, assessment_id)
        if current.status not in (S.DRAFT, S.FAILED):
            raise IllegalTransition(current.status.value, S.QUEUED.value)
        return await self._move_and_enqueue(current)

    async def resume(self, tenant_id: str, assessment_id: str) -> Assessment:
        current = await self._assessments.get(tenant_id, assessment_id)
        if current.status is not S.PAUSED:
            raise IllegalTransition(current.status.value, S.QUEUED.value)
        return await self._move_and_enqueue(current)

    async def pause(self, tenant_id: str, assessment_id: str) -> Assessment:
        """A queued assessment pauses at once; a running one finishes its running
        nodes and starts no new ones."""
        return await self._control(tenant_id, assessment_id, "pause", S.PAUSED)

    async def cancel(self, tenant_id: str, assessment_id: str) -> Assessment:
        """Anything not yet finished stops; running nodes are cancelled."""
        return await self._control(tenant_id, assessment_id, "cancel", S.CANCELLED)

    async def get(self, tenant_id: str, assessment_id: str) -> Assessment:
        return await self._assessments.get(tenant_id, assessment_id)

    async def list(
        self,
        tenant_id: str,
        *,
        status: AssessmentStatus | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        return await self._assessments.list(tenant_id, status=status, limit=limit, cursor=cursor)

    async def delete(self, tenant_id: str, assessment_id: str) -> None:
        """Refused (409) while a runner holds it — running, or queued with a live lease
        (the run is starting): cancel it first. The assessment goes first, at the version
        read, so a run that takes it meanwhile makes this a 409 instead of writing to a
        deleted row; its results and recommendations follow."""
        current = await self._assessments.get(tenant_id, assessment_id)
        if current.status is S.RUNNING or lease_live(current, self._clock.now()):
            raise IllegalTransition(current.status.value, "deleted (cancel it first)")
        await self._assessments.delete(tenant_id, assessment_id, version=current.version)
        await self._recommendations.delete_for(tenant_id, assessment_id)
        await self._results.delete_for(tenant_id, assessment_id)

    async def recommendations(
        self, tenant_id: str, assessment_id: str
    ) -> builtins.list[RecommendationBundle]:  # ``list`` is a method of this class
        """The ranked bundles of an existing assessment (NotFound otherwise). Reads only the
        bundles when there are some (they are the tenant's, so the assessment exists); the
        assessment itself only to tell "none yet" from "no such assessment"."""
        bundles = await self._recommendations.list_bundles(tenant_id, assessment_id)
        if not bundles:
            await self._assessments.get(tenant_id, assessment_id)
        return bundles

    async def outcome(self, tenant_id: str, assessment_id: str) -> AssessmentOutcome:
        assessment = await self._assessments.get(tenant_id, assessment_id)
        results = await self._results.list(tenant_id, assessment_id)
        bundles = await self._recommendations.list_bundles(tenant_id, assessment_id)
        order = {n: i for i, n in enumerate(assessment.progress)}
        results.sort(key=lambda r: order.get(r.node, len(order)))
        catalog = self._catalog_age(assessment.created_at.date()) if self._catalog_age else None
        return AssessmentOutcome(
            assessment=assessment, results=results, recommendations=bundles, catalog=catalog
        )

    async def wait(
        self,
        tenant_id: str,
        assessment_id: str,
        on_event: Callable[[ProgressEvent], Awaitable[None]] | None = None,
    ) -> Assessment:
        """Follow events until the assessment rests (not queued or running).

        Subscribes before reading the stored snapshot, so no event falls between."""
        resting: list[Assessment] = []

        async def settle(tg: TaskGroup) -> None:
            current = await self._assessments.get(tenant_id, assessment_id)
            if current.status not in (S.QUEUED, S.RUNNING):
                resting.append(current)
                tg.cancel_scope.cancel()

        async def poll(tg: TaskGroup) -> None:
            # events are at-most-once; the stored status is the truth
            while True:
                await anyio.sleep(self._poll_s)
                await settle(tg)

        subscription = self._events.subscribe(tenant_id, assessment_id)
        async with subscription as stream, anyio.create_task_group() as tg:
            await settle(tg)
            tg.start_soon(poll, tg)
            async for event in stream:
                if on_event is not None:
                    await on_event(event)
                if event.type is EventType.ASSESSMENT_STATUS:
                    await settle(tg)
        return resting[0]

    async def _move_and_enqueue(self, current: Assessment) -> Assessment:
        if self._quotas is not None:
            await self._quotas.check(current.tenant_id, ON_QUEUE)
        now = self._clock.now()
        moved = await update_assessment(
            self._assessments, current, lambda a: a.transition(S.QUEUED, now)
        )
        await self._enqueue(moved)
        return moved

    async def _control(
        self, tenant_id: str, assessment_id: str, request: str, settled: AssessmentStatus
    ) -> Assessment:
        def change(a: Assessment) -> Assessment:
            now = self._clock.now()
            if a.status is S.RUNNING:
                return a.model_copy(update={"requested": request, "updated_at": now})
            return a.transition(settled, now)

        current = await self._assessments.get(tenant_id, assessment_id)
        updated = await update_assessment(self._assessments, current, change)
        if updated.status is not current.status:
            await self._status_event(updated)
        return updated

    async def _enqueue(self, assessment: Assessment) -> None:
        """The assessment is stored as queued: if the queue cannot take it now (Redis
        down or failing over), it is still accepted — the reconciler enqueues every
        queued assessment the queue has no job for. Raising here would make clients
        retry, and a retry without an Idempotency-Key would store a duplicate."""
        await self._status_event(assessment)
        try:
            await self._queue.enqueue_assessment(
                assessment.tenant_id, assessment.id, priority=assessment.priority
            )
        except StorageUnavailable as exc:
            log.warning(
                "assessment %s/%s stored but not enqueued (the reconciler will): %s",
                assessment.tenant_id,
                assessment.id,
                exc,
            )

    async def _status_event(self, a: Assessment) -> None:
        """Events are at-most-once (the stored assessment is the truth), so a bus
        that is down loses this one event and fails nothing."""
        try:
            await self._publish_status(a)
        except StorageUnavailable as exc:
            log.warning("status event for %s/%s not published: %s", a.tenant_id, a.id, exc)

    async def _publish_status(self, a: Assessment) -> None:
        await self._events.publish(
            ProgressEvent(
                type=EventType.ASSESSMENT_STATUS,
                tenant_id=a.tenant_id,
                assessment_id=a.id,
                at=self._clock.now(),
                status=a.status.value,
                progress=a.completed_fraction(),
            )
        )
