"""Circuit breaker states."""

from __future__ import annotations

import pytest

from infra_mind.services.llm.breaker import BreakerState, CircuitBreaker
from tests.unit.services.llm.fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def broken(clock: FakeClock, threshold: int = 3) -> CircuitBreaker:
    breaker = CircuitBreaker(threshold, cooldown_s=10, clock=clock)
    for _ in range(threshold):
        breaker.record_failure()
    return breaker


def test_stays_closed_below_the_threshold(clock) -> None:
    breaker = CircuitBreaker(3, cooldown_s=10, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    assert (breaker.state, breaker.allow()) == (BreakerState.CLOSED, True)


def test_a_success_resets_the_consecutive_count(clock) -> None:
    breaker = CircuitBreaker(2, cooldown_s=10, clock=clock)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED


def test_opens_at_the_threshold_and_refuses_calls(clock) -> None:
    breaker = broken(clock)
    assert (breaker.state, breaker.allow()) == (BreakerState.OPEN, False)


def test_after_the_cooldown_lets_exactly_one_probe_through(clock) -> None:
    breaker = broken(clock)
    clock.t += 10
    assert breaker.state is BreakerState.HALF_OPEN
    assert [breaker.allow(), breaker.allow()] == [True, False]


def test_a_good_probe_closes_it(clock) -> None:
    breaker = broken(clock)
    clock.t += 10
    breaker.allow()
    breaker.record_success()
    assert (breaker.state, breaker.consecutive_failures) == (BreakerState.CLOSED, 0)


def test_a_failed_probe_opens_it_for_another_cooldown(clock) -> None:
    breaker = broken(clock)
    clock.t += 10
    breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.t += 9.9
    assert breaker.allow() is False
    clock.t += 0.1
    assert breaker.allow() is True


def test_a_neutral_end_frees_the_probe_slot(clock) -> None:
    breaker = broken(clock)
    clock.t += 10
    breaker.allow()
    breaker.record_neutral()
    assert breaker.allow() is True


def test_threshold_must_be_positive(clock) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CircuitBreaker(0, cooldown_s=1, clock=clock)
