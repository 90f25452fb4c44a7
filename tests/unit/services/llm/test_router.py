"""LLMRouter: retries, fallback, breaker, limits, timeouts, budget, cache, structured output."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import anyio
import pytest

from infra_mind.adapters.llm.offline import OfflineProvider
from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.domain.errors import PermanentError, StorageUnavailable, TransientError
from infra_mind.ports.llm import CompletionRequest, LLMProvider
from infra_mind.services.llm.accounting import Accounting, Price, PriceTable
from infra_mind.services.llm.cache import CompletionCache
from infra_mind.services.llm.prompt import build_request
from infra_mind.services.llm.retry import RetryPolicy
from infra_mind.services.llm.router import LLMRouter, RouterPolicy
from tests.unit.services.llm.fakes import FakeClock, RecordedSleep, ScriptedProvider

pytestmark = pytest.mark.anyio
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"risk": {"type": "string", "enum": ["low", "high"]}},
    "required": ["risk"],
}


def request(tenant: str = "t1", text: str = "q", **options: Any) -> CompletionRequest:
    facts = {"monthly_cost_usd": 1200.5}
    return build_request("Describe.", facts, {"question": text}, tenant_id=tenant, **options)


def router(*chain: LLMProvider, **options: Any) -> LLMRouter:
    policy = options.pop(
        "policy", RouterPolicy(retry=RetryPolicy(max_retries=2, backoff_base_s=0.01))
    )
    options.setdefault("sleep", RecordedSleep())
    options.setdefault("rng", random.Random(7))
    return LLMRouter(chain, offline=OfflineProvider(), policy=policy, **options)


async def test_transient_failures_are_retried_until_success() -> None:
    flaky = ScriptedProvider("p", TransientError("503"), TransientError("503"), "fine")

    completion = await router(flaky, OfflineProvider()).complete(request())

    assert (completion.text, len(flaky.calls), completion.fallback_from) == ("fine", 3, ())


async def test_backoff_is_jittered_exponential() -> None:
    sleep = RecordedSleep()
    flaky = ScriptedProvider("p", TransientError("x"), TransientError("x"), "ok")

    await router(flaky, sleep=sleep).complete(request())

    first, second = sleep.delays
    assert 0.005 <= first <= 0.01
    assert 0.01 <= second <= 0.02


async def test_retry_after_is_used_as_the_wait() -> None:
    sleep = RecordedSleep()
    limited = ScriptedProvider("p", TransientError("429", retry_after_s=2.5), "ok")

    await router(limited, sleep=sleep).complete(request())

    assert sleep.delays == [2.5]


async def test_permanent_error_is_not_retried_and_falls_back() -> None:
    refusing = ScriptedProvider("p", PermanentError("bad request", 400))

    completion = await router(refusing, OfflineProvider()).complete(request())

    assert len(refusing.calls) == 1
    assert (completion.provider, completion.fallback_from) == ("offline", ("p",))
    assert completion.notes[:2] == (
        "p refused the request: bad request",
        "offline answered instead",
    )


async def test_chain_is_tried_in_order() -> None:
    first = ScriptedProvider("first", TransientError("down"))
    second = ScriptedProvider("second", TransientError("down"))
    third = ScriptedProvider("third", "from third")

    completion = await router(first, second, third).complete(request())

    assert completion.fallback_from == ("first", "second")
    assert (len(first.calls), len(second.calls), completion.text) == (3, 3, "from third")


async def test_every_provider_failing_transiently_raises_transient() -> None:
    with pytest.raises(TransientError, match="every LLM provider failed"):
        await router(ScriptedProvider("a", TransientError("x"))).complete(request())


async def test_every_provider_refusing_raises_permanent() -> None:
    with pytest.raises(PermanentError, match="a refused"):
        await router(ScriptedProvider("a", PermanentError("no", 401))).complete(request())


async def test_slow_attempt_times_out_and_counts_as_transient() -> None:
    slow = ScriptedProvider("slow", "late", delay_s=1)
    policy = RouterPolicy(retry=RetryPolicy(max_retries=0, timeout_s=0.05))

    with anyio.fail_after(2):
        completion = await router(slow, OfflineProvider(), policy=policy).complete(request())

    assert completion.provider == "offline"
    assert "no answer within 0.05 s" in completion.notes[0]


async def test_breaker_opening_mid_retries_stops_the_retries() -> None:
    policy = RouterPolicy(retry=RetryPolicy(max_retries=5), breaker_failures=2)
    down = ScriptedProvider("down", TransientError("x"))

    completion = await router(down, OfflineProvider(), policy=policy).complete(request())

    assert len(down.calls) == 2
    assert "circuit opened after 2 consecutive failures" in completion.notes[0]


async def test_open_breaker_skips_and_half_open_probe_closes_it() -> None:
    clock = FakeClock()
    policy = RouterPolicy(
        retry=RetryPolicy(max_retries=0), breaker_failures=1, breaker_cooldown_s=5
    )
    provider = ScriptedProvider("p", TransientError("x"), "recovered")
    chain = router(provider, OfflineProvider(), policy=policy, clock=clock)

    await chain.complete(request(text="1"))
    skipped = await chain.complete(request(text="2"))
    clock.t += 5
    probed = await chain.complete(request(text="3"))

    assert skipped.notes[0] == "p skipped: circuit open"
    assert probed.provider == "p"
    assert len(provider.calls) == 2


async def test_global_concurrency_limit_holds() -> None:
    provider = ScriptedProvider("p", "ok", delay_s=0.02)
    chain = router(provider, policy=RouterPolicy(max_concurrency=2, per_tenant_concurrency=10))

    async with anyio.create_task_group() as tg:
        for i in range(6):
            tg.start_soon(chain.complete, request(tenant=f"t{i}", text=str(i)))

    assert provider.max_in_flight == 2


async def test_per_tenant_limit_leaves_room_for_other_tenants() -> None:
    provider = ScriptedProvider("p", "ok", delay_s=0.02)
    chain = router(provider, policy=RouterPolicy(max_concurrency=10, per_tenant_concurrency=1))

    async with anyio.create_task_group() as tg:
        for i in range(4):
            tg.start_soon(chain.complete, request(tenant="busy", text=str(i)))
        tg.start_soon(chain.complete, request(tenant="quiet", text="x"))

    assert provider.max_in_flight == 2  # one for "busy", one for "quiet"
    assert chain.limits.in_flight == 0


def accounting(ledger: InMemoryUsageLedger, budget: float | None) -> Accounting:
    prices = PriceTable({"m-1": Price(10.0, 20.0)})
    return Accounting(prices, ledger, lambda: datetime(2026, 5, 2, tzinfo=UTC), budget)


async def test_cost_is_computed_and_recorded() -> None:
    ledger = InMemoryUsageLedger()
    chain = router(ScriptedProvider("p", "ok"), accounting=accounting(ledger, None))

    completion = await chain.complete(request(assessment_id="a9", agent="cto"))

    assert completion.cost_usd == pytest.approx(0.002)  # 100*10/1e6 + 50*20/1e6
    [record] = await ledger.list_for_assessment("t1", "a9")
    assert (record.agent, record.provider, record.cost_usd) == ("cto", "p", completion.cost_usd)


async def test_spent_budget_sends_the_tenant_to_offline() -> None:
    ledger = InMemoryUsageLedger()
    paid = ScriptedProvider("p", "ok")
    chain = router(paid, OfflineProvider(), accounting=accounting(ledger, budget=0.003))

    await chain.complete(request(text="1"))
    await chain.complete(request(text="2"))
    over = await chain.complete(request(text="3"))

    assert len(paid.calls) == 2
    assert over.provider == "offline"
    assert over.fallback_from == ("p",)
    assert over.notes[-1] == (
        "monthly LLM budget of 0.003 USD for this tenant is spent (0.004 USD in 2026-05); "
        "the offline provider wrote this instead"
    )


async def test_cache_hit_skips_the_provider_and_costs_nothing() -> None:
    provider = ScriptedProvider("p", "first answer")
    cache = CompletionCache(InMemoryCache(), ttl_s=60)
    chain = router(provider, cache=cache)

    await chain.complete(request())
    hit = await chain.complete(request())

    assert len(provider.calls) == 1
    assert (hit.cached, hit.text, hit.cost_usd, hit.usage.total_tokens) == (
        True,
        "first answer",
        0,
        0,
    )


async def test_cache_is_never_shared_between_tenants() -> None:
    provider = ScriptedProvider("p", "answer")
    chain = router(provider, cache=CompletionCache(InMemoryCache(), ttl_s=60))

    await chain.complete(request(tenant="acme"))
    other = await chain.complete(request(tenant="globex"))

    assert (len(provider.calls), other.cached) == (2, False)


async def test_cache_entry_expires_after_its_ttl() -> None:
    clock = FakeClock()
    provider = ScriptedProvider("p", "answer")
    chain = router(provider, cache=CompletionCache(InMemoryCache(clock), ttl_s=60))

    await chain.complete(request())
    clock.t += 61
    again = await chain.complete(request())

    assert (len(provider.calls), again.cached) == (2, False)


async def test_structured_output_is_validated_and_parsed_from_text() -> None:
    provider = ScriptedProvider("p", 'Here you go: ```json\n{"risk": "low"}\n```')

    completion = await router(provider).complete(request(json_schema=SCHEMA))

    assert completion.parsed == {"risk": "low"}


async def test_invalid_structure_gets_one_repair_then_falls_back() -> None:
    provider = ScriptedProvider("p", {"risk": "extreme"})

    completion = await router(provider, OfflineProvider()).complete(request(json_schema=SCHEMA))

    assert len(provider.calls) == 2
    assert "is not one of" in provider.calls[1].messages[-1].content
    assert completion.provider == "offline"
    assert completion.parsed == {"risk": "low"}
    assert completion.usage.input_tokens == 200  # both billable calls to p are counted


class UnavailableLedger(InMemoryUsageLedger):
    async def record(self, record) -> None:  # type: ignore[no-untyped-def]
        raise StorageUnavailable("ledger database is locked")


async def test_ledger_outage_keeps_the_answer_and_says_usage_was_not_recorded() -> None:
    chain = router(
        ScriptedProvider("p", "paid answer"), accounting=accounting(UnavailableLedger(), None)
    )

    completion = await chain.complete(request())

    assert completion.text == "paid answer"
    assert completion.notes == ("usage not recorded: ledger database is locked",)


async def test_router_is_an_llm_provider() -> None:
    assert isinstance(router(OfflineProvider()), LLMProvider)


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        router(ScriptedProvider("p"), ScriptedProvider("p"))
