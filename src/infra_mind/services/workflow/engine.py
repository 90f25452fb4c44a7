"""The workflow engine: runs a graph of nodes for one assessment, dependency-driven.

A node starts the moment its own dependencies have finished. Each finished
node is checkpointed (its result stored) before its event is published, and a
run skips every node that already has a completed result, which is how retry,
resume-after-pause and recovery-after-crash work.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import anyio
from anyio.abc import TaskGroup

from infra_mind.domain.assessment import Assessment, AssessmentStatus, NodeProgress, NodeStatus
from infra_mind.domain.errors import (
    InfraMindError,
    PermanentError,
    StorageUnavailable,
    TransientError,
)
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.domain.results import AgentOutput, AgentResult, ResultStatus
from infra_mind.domain.workflow import Graph
from infra_mind.ports.clock import Clock
from infra_mind.ports.events import EventBus
from infra_mind.ports.repositories import AgentResultRepository, AssessmentRepository
from infra_mind.services.concurrency import update_assessment

log = logging.getLogger(__name__)

NodeFn = Callable[[str, Assessment, Mapping[str, AgentResult]], Awaitable[AgentOutput]]

RUNNABLE = (AssessmentStatus.QUEUED, AssessmentStatus.RUNNING)


@dataclass(frozen=True)
class EngineSettings:
    node_timeout_s: float = 120.0
    max_attempts: int = 3
    backoff_base_s: float = 0.5
    backoff_max_s: float = 8.0
    control_poll_s: float = 0.5


@dataclass
class _Run:
    """Mutable state of one run, owned by one engine call."""

    assessment: Assessment
    done: dict[str, AgentResult]
    started: set[str] = field(default_factory=set)
    running: set[str] = field(default_factory=set)
    stop: str | None = None  # "pause" or "cancel" once noticed
    lock: anyio.Lock = field(default_factory=anyio.Lock)
    lease_owner: str | None = None  # set: every write is fenced by this lease


class LeaseLost(InfraMindError):
    """The run's lease is held by another worker now: this run may not write."""


class WorkflowEngine:
    def __init__(
        self,
        graph: Graph,
        run_node: NodeFn,
        assessments: AssessmentRepository,
        results: AgentResultRepository,
        events: EventBus,
        clock: Clock,
        settings: EngineSettings | None = None,
    ) -> None:
        self._graph = graph
        self._order = graph.topological_order()
        self._run_node = run_node
        self._assessments = assessments
        self._results = results
        self._events = events
        self._clock = clock
        self._settings = settings or EngineSettings()

    @property
    def graph(self) -> Graph:
        return self._graph

    async def run(
        self, tenant_id: str, assessment_id: str, *, lease_owner: str | None = None
    ) -> Assessment:
        """Run every node without a completed checkpoint; return the final assessment.

        Only queued or running assessments run; any other is returned as it is. With
        ``lease_owner``, every write is fenced by that lease: once another worker holds
        it, the next write raises LeaseLost instead of landing.
        """
        assessment = await self._assessments.get(tenant_id, assessment_id)
        if assessment.status not in RUNNABLE:
            return assessment
        stored = await self._results.list(tenant_id, assessment_id)
        run = _Run(assessment, {r.node: r for r in stored if r.ok}, lease_owner=lease_owner)
        await self._mutate(run, self._start)
        await self._status_event(run)
        if run.assessment.requested:
            run.stop = run.assessment.requested
        else:
            async with anyio.create_task_group() as tg:
                tg.start_soon(self._watch_control, run, tg)
                self._schedule(run, tg)
                if not run.running:
                    tg.cancel_scope.cancel()
        return await self._finish(run)

    def _start(self, a: Assessment) -> Assessment:
        now = self._clock.now()
        a = a.transition(AssessmentStatus.RUNNING, now)
        progress = {n: a.progress.get(n, NodeProgress()) for n in self._graph.nodes}
        for node, p in progress.items():
            if p.status is NodeStatus.RUNNING:  # left over from a crashed run
                progress[node] = p.model_copy(update={"status": NodeStatus.PENDING})
        return a.model_copy(update={"progress": progress})

    def _ready(self, run: _Run) -> list[str]:
        finished = set(run.done)
        return [
            n
            for n in self._order
            if n not in run.started and n not in run.done and self._graph.deps[n] <= finished
        ]

    def _schedule(self, run: _Run, tg: TaskGroup) -> None:
        if run.stop:
            return
        for node in self._ready(run):
            run.started.add(node)
            run.running.add(node)
            tg.start_soon(self._execute, run, node, tg)

    async def _watch_control(self, run: _Run, tg: TaskGroup) -> None:
        while True:
            await anyio.sleep(self._settings.control_poll_s)
            fresh = await self._assessments.get(run.assessment.tenant_id, run.assessment.id)
            if fresh.requested:
                run.stop = fresh.requested
                if fresh.requested == "cancel" or not run.running:
                    tg.cancel_scope.cancel()
                    return

    async def _execute(self, run: _Run, node: str, tg: TaskGroup) -> None:
        deps = self._graph.deps[node]
        failed_deps = sorted(d for d in deps if not run.done[d].ok)
        if failed_deps and (node not in self._graph.tolerant or len(failed_deps) == len(deps)):
            await self._record(run, node, None, 0, 0.0, f"skipped: {', '.join(failed_deps)} failed")
        else:
            await self._attempt_all(run, node)
        run.running.discard(node)
        self._schedule(run, tg)
        if not run.running:
            tg.cancel_scope.cancel()

    async def _attempt_all(self, run: _Run, node: str) -> None:
        started = self._clock.monotonic()
        upstream = {d: run.done[d] for d in self._graph.deps[node]}
        error: str | None = None
        attempt = 0
        for attempt in range(1, self._settings.max_attempts + 1):
            await self._node_started(run, node, attempt)
            try:
                with anyio.fail_after(self._settings.node_timeout_s):
                    output = await self._run_node(node, run.assessment, upstream)
            except (TransientError, TimeoutError) as exc:
                error = _describe(exc, self._settings.node_timeout_s)
                if attempt < self._settings.max_attempts:
                    await anyio.sleep(self._backoff(attempt, exc))
                continue
            except PermanentError as exc:
                error = f"PermanentError: {exc}"
                break
            except StorageUnavailable:
                # The store, not the agent, failed: the run stops and is retried once the
                # store answers again (checkpointed nodes are kept), rather than this
                # node being recorded as failed for good.
                raise
            except Exception as exc:  # an agent bug fails its node, never the run
                error = f"{type(exc).__name__}: {exc}"
                break
            elapsed = (self._clock.monotonic() - started) * 1000
            await self._record(run, node, output, attempt, elapsed, None)
            return
        elapsed = (self._clock.monotonic() - started) * 1000
        await self._record(run, node, None, attempt, elapsed, error)

    def _backoff(self, attempt: int, exc: Exception) -> float:
        hinted = exc.retry_after_s if isinstance(exc, TransientError) else None
        if hinted is not None:
            return min(hinted, self._settings.backoff_max_s)
        ceiling = min(self._settings.backoff_max_s, self._settings.backoff_base_s * 2**attempt)
        return random.uniform(ceiling / 2, ceiling)

    async def _node_started(self, run: _Run, node: str, attempt: int) -> None:
        now = self._clock.now()
        progress = NodeProgress(status=NodeStatus.RUNNING, attempts=attempt, started_at=now)
        await self._mutate(run, lambda a: a.with_node(node, progress, now))
        await self._publish(run, EventType.NODE_STARTED, node, "running", attempt=attempt)

    async def _record(
        self,
        run: _Run,
        node: str,
        output: AgentOutput | None,
        attempts: int,
        elapsed_ms: float,
        error: str | None,
    ) -> None:
        """Checkpoint the node, then reflect it on the assessment, then publish."""
        a = run.assessment
        now = self._clock.now()
        status = ResultStatus.COMPLETED if output is not None else ResultStatus.FAILED
        result = AgentResult(
            tenant_id=a.tenant_id,
            assessment_id=a.id,
            node=node,
            status=status,
            attempts=attempts,
            duration_ms=elapsed_ms,
            error=error,
            created_at=now,
            **(output.model_dump() if output is not None else {}),
        )
        await self._check_lease(run)
        await self._results.save(result)
        run.done[node] = result
        node_status = NodeStatus.COMPLETED if output is not None else NodeStatus.FAILED
        prior = a.progress.get(node, NodeProgress())
        progress = prior.model_copy(
            update={
                "status": node_status,
                "attempts": attempts,
                "finished_at": now,
                "duration_ms": elapsed_ms,
                "error": error,
            }
        )
        await self._mutate(run, lambda x: x.with_node(node, progress, now))
        kind = EventType.NODE_FINISHED if output is not None else EventType.NODE_FAILED
        await self._publish(
            run, kind, node, node_status.value, attempt=attempts, ms=elapsed_ms, error=error
        )

    async def _finish(self, run: _Run) -> Assessment:
        def conclude(a: Assessment) -> Assessment:
            now = self._clock.now()
            if run.stop == "cancel" or a.requested == "cancel":
                return a.transition(AssessmentStatus.CANCELLED, now)
            missing = [n for n in self._graph.nodes if n not in run.done]
            if missing:
                if run.stop == "pause" or a.requested == "pause":
                    return a.transition(AssessmentStatus.PAUSED, now)
                return a  # interrupted from outside (shutdown): stays running, lease lapses
            failed = sorted(n for n in self._graph.critical if not run.done[n].ok)
            if failed:
                failed_at = a.transition(AssessmentStatus.FAILED, now)
                return failed_at.model_copy(update={"error": f"failed: {', '.join(failed)}"})
            return a.transition(AssessmentStatus.COMPLETED, now)

        before = run.assessment.status
        await self._mutate(run, conclude)
        if run.assessment.status is not before:
            await self._status_event(run)
        return run.assessment

    async def _mutate(self, run: _Run, change: Callable[[Assessment], Assessment]) -> None:
        def fenced(a: Assessment) -> Assessment:
            _fence(run, a)
            return change(a)

        async with run.lock:
            run.assessment = await update_assessment(self._assessments, run.assessment, fenced)

    async def _check_lease(self, run: _Run) -> None:
        """Before a result is stored (a table of its own, no compare-and-set with the
        lease): the stored lease is still this run's. The assessment's own writes are
        fenced atomically in ``_mutate``."""
        if run.lease_owner is not None:
            a = run.assessment
            _fence(run, await self._assessments.get(a.tenant_id, a.id))

    async def _status_event(self, run: _Run) -> None:
        await self._publish(run, EventType.ASSESSMENT_STATUS, None, run.assessment.status.value)

    async def _publish(
        self,
        run: _Run,
        kind: EventType,
        node: str | None,
        status: str,
        *,
        attempt: int | None = None,
        ms: float | None = None,
        error: str | None = None,
    ) -> None:
        a = run.assessment
        event = ProgressEvent(
            type=kind,
            tenant_id=a.tenant_id,
            assessment_id=a.id,
            at=self._clock.now(),
            node=node,
            status=status,
            attempt=attempt,
            duration_ms=ms,
            error=error,
            progress=a.completed_fraction(),
        )
        # Events are at-most-once and the checkpoint is already stored: a bus that
        # is down (Redis failing over) loses this event, never the run.
        try:
            await self._events.publish(event)
        except StorageUnavailable as exc:
            log.warning("event %s for %s/%s not published: %s", kind, a.tenant_id, a.id, exc)


def _fence(run: _Run, stored: Assessment) -> None:
    if run.lease_owner is None:
        return
    holder = stored.lease.owner if stored.lease is not None else None
    if holder != run.lease_owner:
        raise LeaseLost(f"lease of {stored.id} is held by {holder or 'no one'}")


def _describe(exc: Exception, timeout_s: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"timed out after {timeout_s:g} s"
    return f"{type(exc).__name__}: {exc}"
