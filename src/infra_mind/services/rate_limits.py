"""Request rate limits per principal and per tenant, in fixed windows.

When the counter store (Redis in scale-out) cannot be reached, requests are served without
a limit (fail open): refusing every request because the limiter's store is down would turn
a Redis outage into a full outage, while admission control (counted from the assessment
store) still bounds the queued work. The outage is logged once, each request served
unlimited is counted, and the store is not asked again for ``retry_s`` so a frozen Redis
does not add its timeout to every request. Token revocation, by contrast, fails closed."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from infra_mind.domain.access import Principal
from infra_mind.domain.errors import RateLimited, StorageUnavailable
from infra_mind.ports.clock import Clock
from infra_mind.ports.rate_limits import RateLimitCounter, Window

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimitSettings:
    window_s: int
    per_principal: int
    per_tenant: int
    retry_s: float = 5.0


class RequestRateLimits:
    def __init__(self, counter: RateLimitCounter, clock: Clock, settings: RateLimitSettings):
        self._counter = counter
        self._clock = clock
        self._settings = settings
        self._down_until: float | None = None
        # requests served without a limit because the counter store was unreachable
        self.failed_open = 0

    async def check(self, principal: Principal) -> None:
        """Count one request of ``principal``; raises ``RateLimited`` (with the seconds until
        the window resets) when it passes the principal's or its tenant's limit."""
        s = self._settings
        windows = [
            Window(f"principal:{principal.tenant_id}:{principal.subject}", s.window_s),
            Window(f"tenant:{principal.tenant_id}", s.window_s),
        ]
        now = self._clock.monotonic()
        if self._down_until is not None and now < self._down_until:
            self.failed_open += 1
            return
        try:
            counts = await self._counter.hit(windows)
        except StorageUnavailable as exc:
            self.failed_open += 1
            if self._down_until is None:
                log.warning("rate limits not enforced: counter store unreachable (%s)", exc)
            self._down_until = now + s.retry_s
            return
        if self._down_until is not None:
            log.warning(
                "rate limits enforced again; %d requests were served unlimited", self.failed_open
            )
            self._down_until = None
        limits = (("principal", s.per_principal), ("tenant", s.per_tenant))
        for (scope, limit), count in zip(limits, counts, strict=True):
            if count.count > limit:
                retry = max(1, math.ceil(count.resets_in_s))
                raise RateLimited(scope, limit, s.window_s, retry)
