"""The router built from settings, over real HTTP to local vendor servers."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest

from infra_mind.adapters.llm.clients import open_llm_http_clients
from infra_mind.adapters.llm.factory import build_llm_router
from infra_mind.adapters.llm.settings import LLMSettings
from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.services.llm.breaker import BreakerState
from infra_mind.services.llm.router import LLMRouter
from infra_mind.services.llm.schema import validate
from tests.adapters.llm.conftest import SCHEMA, make_request
from tests.adapters.llm.fake_server import FakeLLMServer, Reply

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def openai_settings(fake: FakeLLMServer, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "provider": "openai",
        "base_url": f"{fake.url}/v1",
        "api_key": "sk-test",
        "model": "gpt-4o-mini",
        "max_retries": 2,
        "backoff_base_s": 0.001,
        "backoff_max_s": 0.005,
        "timeout_s": 5,
    }
    return LLMSettings.model_validate(values | overrides)


@asynccontextmanager
async def routed(
    settings: LLMSettings,
    ledger: InMemoryUsageLedger | None = None,
    clock: FakeClock | None = None,
    cache: InMemoryCache | None = None,
) -> AsyncIterator[LLMRouter]:
    async with open_llm_http_clients(settings) as clients:
        yield build_llm_router(
            settings,
            http_clients=clients,
            cache=cache if cache is not None else InMemoryCache(),
            ledger=ledger if ledger is not None else InMemoryUsageLedger(),
            clock=clock or FakeClock(),
            now=lambda: NOW,
        )


def dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/v1"


async def test_answer_from_the_primary_names_provider_and_model(fake) -> None:
    async with routed(openai_settings(fake)) as router:
        completion = await router.complete(make_request())

    assert (completion.provider, completion.model) == ("openai", fake.model)
    assert completion.fallback_from == ()
    assert completion.text == fake.default_text


async def test_429_retry_after_is_waited_for_then_retried(fake) -> None:
    fake.enqueue(Reply(status=429, error="Rate limit reached", headers={"retry-after": "1"}))

    async with routed(openai_settings(fake)) as router:
        completion = await router.complete(make_request())

    assert completion.provider == "openai"
    assert len(fake.requests) == 2
    assert fake.requests[1].at - fake.requests[0].at >= 0.95


async def test_retry_after_longer_than_the_router_waits_falls_back_at_once(fake) -> None:
    fake.enqueue(Reply(status=429, error="Rate limit reached", headers={"retry-after": "120"}))

    async with routed(openai_settings(fake)) as router:
        completion = await router.complete(make_request())

    assert len(fake.requests) == 1
    assert completion.provider == "offline"
    assert "asked to retry after 120 s" in completion.notes[0]


async def test_persistent_500_is_retried_then_falls_back_to_offline(fake) -> None:
    fake.default = Reply(status=500, error="The server had an error")

    async with routed(openai_settings(fake)) as router:
        completion = await router.complete(make_request())

    assert len(fake.requests) == 3
    assert (completion.provider, completion.fallback_from) == ("offline", ("openai",))
    assert "HTTP 500" in completion.notes[0]
    assert "21540.0" in completion.text


async def test_timeout_falls_back_to_offline(fake) -> None:
    fake.default = Reply(delay_s=1.0)

    async with routed(openai_settings(fake, max_retries=0, timeout_s=0.2)) as router:
        completion = await router.complete(make_request())

    assert (completion.provider, completion.fallback_from) == ("offline", ("openai",))


async def test_malformed_json_falls_back_to_offline(fake) -> None:
    fake.default = Reply(raw=b"{not json")

    async with routed(openai_settings(fake, max_retries=1)) as router:
        completion = await router.complete(make_request())

    assert len(fake.requests) == 2
    assert completion.provider == "offline"
    assert "malformed JSON" in completion.notes[0]


async def test_dead_url_falls_back_to_offline_with_the_fallback_recorded() -> None:
    settings = LLMSettings(provider="openai", base_url=dead_url(), model="m", backoff_base_s=0)

    async with routed(settings) as router:
        completion = await router.complete(make_request())

    assert (completion.provider, completion.fallback_from) == ("offline", ("openai",))
    assert "ConnectError" in completion.notes[0]


async def test_circuit_opens_skips_the_provider_then_closes_after_a_good_probe(fake) -> None:
    fake.default = Reply(status=503, error="down for maintenance")
    clock = FakeClock()
    settings = openai_settings(fake, max_retries=0, breaker_failures=2, breaker_cooldown_s=30)

    async with routed(settings, clock=clock, cache=InMemoryCache()) as router:
        for question in ("q1", "q2", "q3"):
            await router.complete(make_request(question=question))
        assert len(fake.requests) == 2
        assert router.breaker("openai").state is BreakerState.OPEN

        fake.default = Reply()
        clock.t += 31
        probe = await router.complete(make_request(question="q4"))
        after = await router.complete(make_request(question="q5"))

    assert probe.provider == after.provider == "openai"
    assert router.breaker("openai").state is BreakerState.CLOSED
    assert len(fake.requests) == 4


async def test_skipped_provider_is_named_in_the_notes(fake) -> None:
    fake.default = Reply(status=503, error="down")
    settings = openai_settings(fake, max_retries=0, breaker_failures=1)

    async with routed(settings) as router:
        await router.complete(make_request(question="first"))
        skipped = await router.complete(make_request(question="second"))

    assert skipped.notes[0] == "openai skipped: circuit open"


async def test_fallback_order_is_primary_then_endpoints_then_offline(fake) -> None:
    settings = LLMSettings.model_validate(
        {
            "provider": "openai",
            "base_url": dead_url(),
            "model": "m",
            "backoff_base_s": 0,
            "fallbacks": "anthropic,offline",
            "endpoints": {
                "anthropic": {"kind": "anthropic", "base_url": fake.url, "api_key": "ak-test"}
            },
        }
    )

    async with routed(settings) as router:
        assert router.chain == ("openai", "anthropic", "offline")
        completion = await router.complete(make_request())

    assert (completion.provider, completion.fallback_from) == ("anthropic", ("openai",))
    assert fake.requests[0].path == "/v1/messages"


async def test_cache_answers_the_same_tenant_and_only_that_tenant(fake) -> None:
    async with routed(openai_settings(fake)) as router:
        first = await router.complete(make_request(tenant="acme"))
        again = await router.complete(make_request(tenant="acme"))
        other = await router.complete(make_request(tenant="globex"))

    assert len(fake.requests) == 2
    assert (first.cached, again.cached, other.cached) == (False, True, False)
    assert again.text == first.text
    assert again.cost_usd == 0.0


async def test_cost_is_priced_from_the_table_and_recorded_per_assessment(fake) -> None:
    fake.input_tokens, fake.output_tokens = 1_000, 500
    ledger = InMemoryUsageLedger()
    prices = {"gpt-4o-mini": {"input_per_mtok": 0.15, "output_per_mtok": 0.60}}

    async with routed(openai_settings(fake, prices=prices), ledger=ledger) as router:
        completion = await router.complete(make_request())

    assert completion.cost_usd == pytest.approx(0.00045)  # 1000 * 0.15/1e6 + 500 * 0.60/1e6
    records = await ledger.list_for_assessment("t1", "a1")
    assert [(r.provider, r.input_tokens, r.output_tokens) for r in records] == [
        ("openai", 1000, 500)
    ]
    assert records[0].cost_usd == pytest.approx(0.00045)
    assert await ledger.month_total_usd("t1", "2026-03") == pytest.approx(0.00045)


async def test_spent_budget_routes_to_offline_and_says_so(fake) -> None:
    fake.input_tokens, fake.output_tokens = 1_000, 500
    settings = openai_settings(
        fake,
        monthly_budget_usd=0.0005,
        prices={"gpt-4o-mini": {"input_per_mtok": 0.15, "output_per_mtok": 0.60}},
    )

    async with routed(settings) as router:
        paid = [await router.complete(make_request(question=f"a{i}")) for i in range(2)]
        over = await router.complete(make_request(question="a3"))
        elsewhere = await router.complete(make_request(tenant="t2", question="a3"))

    assert [c.provider for c in paid] == ["openai", "openai"]
    assert (over.provider, over.fallback_from) == ("offline", ("openai",))
    assert "budget" in over.notes[-1]
    assert elsewhere.provider == "openai"
    assert len(fake.requests) == 3


async def test_invalid_structured_output_is_repaired_once(fake) -> None:
    fake.enqueue(
        Reply(obj={"summary": "ok", "risk": "catastrophic"}),
        Reply(obj={"summary": "ok", "risk": "high"}),
    )

    async with routed(openai_settings(fake)) as router:
        completion = await router.complete(make_request(json_schema=SCHEMA))

    assert completion.parsed == {"summary": "ok", "risk": "high"}
    assert "repaired" in completion.notes[-2]
    repair = fake.requests[1].body["messages"]
    assert repair[-2]["role"] == "assistant"
    assert "catastrophic" in repair[-1]["content"]
    assert completion.usage.input_tokens == 2 * fake.input_tokens


async def test_structured_output_still_invalid_after_repair_falls_back(fake) -> None:
    fake.default = Reply(obj={"summary": "", "risk": "catastrophic"})

    async with routed(openai_settings(fake)) as router:
        completion = await router.complete(make_request(json_schema=SCHEMA))

    assert len(fake.requests) == 2
    assert (completion.provider, completion.fallback_from) == ("offline", ("openai",))
    assert "after one repair attempt" in completion.notes[0]
    assert validate(completion.parsed, SCHEMA) == []


async def test_schema_form_downgrade_is_remembered_across_router_calls(fake) -> None:
    fake.reject_forms = {"json_schema", "tool", "json_object_schema"}
    fake.default_obj = {"summary": "ok", "risk": "low"}

    async with routed(openai_settings(fake, cache_ttl_s=0)) as router:
        await router.complete(make_request(json_schema=SCHEMA))
        await router.complete(make_request(json_schema=SCHEMA))

    forms = [(r.body.get("response_format") or {}).get("type") for r in fake.requests]
    assert forms == ["json_schema", None, "json_object", "json_object", "json_object"]


async def test_streaming_provider_through_the_router(fake) -> None:
    fake.enqueue(Reply(content="streamed narrative"))

    async with routed(openai_settings(fake, stream=True)) as router:
        completion = await router.complete(make_request())

    assert completion.text == "streamed narrative"
    assert completion.usage.total_tokens == 18
