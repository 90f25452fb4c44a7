"""Admission control: no burst can queue more work than the workers drain in reasonable time.

A submission is refused with ``Overloaded`` when the queued and running assessments, in all or
in the submitting tenant, reach their limit; the retry delay is the excess divided by the drain
rate (assessments finishing per second, observed from the store's counts over a sliding window;
an assumed rate until one is observed). Counts come from one aggregate query, refreshed at most
every ``refresh_s``. Submissions admitted but not yet stored, and those stored since the last
count began, are added to it, so the count never falls below the truth and a burst cannot pass
the limit through this process (processes sharing a store each add their own in-flight ones)."""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass

import anyio

from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.errors import Overloaded
from infra_mind.ports.clock import Clock
from infra_mind.ports.repositories import AssessmentRepository

UNFINISHED = frozenset({AssessmentStatus.QUEUED, AssessmentStatus.RUNNING})
FINISHED = frozenset(
    {AssessmentStatus.COMPLETED, AssessmentStatus.FAILED, AssessmentStatus.CANCELLED}
)
MAX_RETRY_AFTER_S = 600


@dataclass(frozen=True)
class AdmissionSettings:
    max_queued: int
    max_queued_per_tenant: int
    assumed_completions_per_s: float
    refresh_s: float = 0.5
    window_s: float = 30.0


class AdmissionControl:
    def __init__(
        self, assessments: AssessmentRepository, clock: Clock, settings: AdmissionSettings
    ) -> None:
        self._assessments = assessments
        self._clock = clock
        self._settings = settings
        self._lock = anyio.Lock()
        self._refreshed_at: float | None = None
        self._unfinished: Counter[str] = Counter()
        self._pending: Counter[str] = Counter()
        self._settled: Counter[str] = Counter()
        self._finished: deque[tuple[float, int]] = deque()

    async def admit(self, tenant_id: str) -> None:
        """Count one more queued assessment for ``tenant_id``, or raise ``Overloaded``."""
        await self._refresh()
        s = self._settings
        total = self._unfinished.total() + self._pending.total() + self._settled.total()
        if total >= s.max_queued:
            raise Overloaded("in all", total, s.max_queued, self.retry_after_s(total, s.max_queued))
        mine = self._unfinished[tenant_id] + self._pending[tenant_id] + self._settled[tenant_id]
        if mine >= s.max_queued_per_tenant:
            limit = s.max_queued_per_tenant
            raise Overloaded("for this tenant", mine, limit, self.retry_after_s(mine, limit))
        self._pending[tenant_id] += 1

    def settle(self, tenant_id: str) -> None:
        """An admitted submission was stored (or failed): the next count includes it."""
        self._pending[tenant_id] -= 1
        self._settled[tenant_id] += 1

    def drain_per_s(self) -> float:
        """Assessments finished per second over the window; the assumed rate before two
        samples a second apart show progress."""
        if len(self._finished) >= 2:
            (t0, f0), (t1, f1) = self._finished[0], self._finished[-1]
            if t1 - t0 >= 1.0 and f1 > f0:
                return (f1 - f0) / (t1 - t0)
        return self._settings.assumed_completions_per_s

    def retry_after_s(self, queued: int, limit: int) -> int:
        """Seconds until the queue has drained below ``limit``: excess / drain rate."""
        excess = queued - limit + 1
        return max(1, min(MAX_RETRY_AFTER_S, math.ceil(excess / self.drain_per_s())))

    async def _refresh(self) -> None:
        async with self._lock:
            now = self._clock.monotonic()
            if (
                self._refreshed_at is not None
                and now - self._refreshed_at < self._settings.refresh_s
            ):
                return
            self._settled = Counter()  # stored from now on may be missing from this count
            counts = await self._assessments.status_counts()
            self._unfinished = Counter()
            finished = 0
            for (tenant, status), n in counts.items():
                if status in UNFINISHED:
                    self._unfinished[tenant] += n
                elif status in FINISHED:
                    finished += n
            self._refreshed_at = now
            self._finished.append((now, finished))
            while self._finished and now - self._finished[0][0] > self._settings.window_s:
                self._finished.popleft()
