"""Request rate limits: per principal, per tenant, and failing open when the counter is down."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from infra_mind.adapters.inprocess.rate_limits import InProcessRateLimitCounter
from infra_mind.domain.access import Principal, Role
from infra_mind.domain.errors import RateLimited, StorageUnavailable
from infra_mind.ports.rate_limits import Window, WindowCount
from infra_mind.services.rate_limits import RateLimitSettings, RequestRateLimits

pytestmark = pytest.mark.anyio


class ManualClock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.seconds, UTC)

    def monotonic(self) -> float:
        return self.seconds


class DownCounter:
    """A counter whose store is unreachable; counts how often it was asked."""

    def __init__(self) -> None:
        self.asked = 0

    async def hit(self, windows: Sequence[Window]) -> list[WindowCount]:
        self.asked += 1
        raise StorageUnavailable("redis rate-limit count failed: ConnectionError")


def caller(subject: str = "key:a", tenant: str = "acme") -> Principal:
    return Principal(tenant_id=tenant, role=Role.ANALYST, subject=subject, token_id=subject)


def limits(per_principal: int = 3, per_tenant: int = 5) -> tuple[RequestRateLimits, ManualClock]:
    clock = ManualClock()
    counter = InProcessRateLimitCounter(monotonic=clock.monotonic)
    settings = RateLimitSettings(window_s=60, per_principal=per_principal, per_tenant=per_tenant)
    return RequestRateLimits(counter, clock, settings), clock


async def test_requests_up_to_the_principal_limit_pass() -> None:
    limiter, _ = limits(per_principal=3)
    for _ in range(3):
        await limiter.check(caller())


async def test_one_request_over_the_principal_limit_is_refused_until_the_window_resets() -> None:
    limiter, clock = limits(per_principal=3)
    for _ in range(3):
        await limiter.check(caller())
    clock.seconds += 20
    with pytest.raises(RateLimited) as refused:
        await limiter.check(caller())
    assert (refused.value.scope, refused.value.retry_after_s) == ("principal", 40)


async def test_a_new_window_serves_the_principal_again() -> None:
    limiter, clock = limits(per_principal=1)
    await limiter.check(caller())
    clock.seconds += 60
    await limiter.check(caller())


async def test_principals_of_one_tenant_share_the_tenant_limit() -> None:
    limiter, _ = limits(per_principal=3, per_tenant=5)
    for subject in ("key:a", "key:a", "key:a", "key:b", "key:b"):
        await limiter.check(caller(subject))
    with pytest.raises(RateLimited) as refused:
        await limiter.check(caller("key:c"))
    assert refused.value.scope == "tenant"


async def test_another_tenant_has_its_own_limit() -> None:
    limiter, _ = limits(per_principal=1, per_tenant=1)
    await limiter.check(caller(tenant="acme"))
    await limiter.check(caller(tenant="globex"))


async def test_a_down_counter_store_serves_requests_and_counts_them() -> None:
    clock = ManualClock()
    limiter = RequestRateLimits(DownCounter(), clock, RateLimitSettings(60, 1, 1))
    for _ in range(3):
        await limiter.check(caller())
    assert limiter.failed_open == 3


async def test_a_down_counter_store_is_not_asked_again_before_retry_s() -> None:
    clock, counter = ManualClock(), DownCounter()
    limiter = RequestRateLimits(counter, clock, RateLimitSettings(60, 1, 1, retry_s=5))
    await limiter.check(caller())
    clock.seconds += 4
    await limiter.check(caller())
    clock.seconds += 2
    await limiter.check(caller())
    assert counter.asked == 2


async def test_the_outage_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    limiter = RequestRateLimits(DownCounter(), clock, RateLimitSettings(60, 1, 1, retry_s=5))
    for _ in range(3):
        await limiter.check(caller())
        clock.seconds += 10
    assert sum("not enforced" in r.message for r in caplog.records) == 1


class RecoveringCounter:
    """Down until ``up`` is set, then a working in-process counter."""

    def __init__(self, clock: ManualClock) -> None:
        self.up = False
        self._counter = InProcessRateLimitCounter(monotonic=clock.monotonic)

    async def hit(self, windows: Sequence[Window]) -> list[WindowCount]:
        if not self.up:
            raise StorageUnavailable("redis rate-limit count failed: ConnectionError")
        return await self._counter.hit(windows)


async def test_limits_apply_again_once_the_counter_store_answers() -> None:
    clock = ManualClock()
    counter = RecoveringCounter(clock)
    limiter = RequestRateLimits(counter, clock, RateLimitSettings(60, 1, 10, retry_s=5))
    await limiter.check(caller())
    counter.up = True
    clock.seconds += 5
    await limiter.check(caller())
    with pytest.raises(RateLimited):
        await limiter.check(caller())
