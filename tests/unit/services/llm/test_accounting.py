"""Prices, cost arithmetic and monthly budgets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.ports.llm import Completion, TokenUsage
from infra_mind.services.llm.accounting import DEFAULT_PRICES, Accounting, Price, PriceTable

pytestmark = pytest.mark.anyio
TABLE = PriceTable({"gpt-4o": Price(2.50, 10.00), "gpt-4o-mini": Price(0.15, 0.60)})


def test_cost_is_tokens_times_price_per_million() -> None:
    assert TABLE.cost_usd("gpt-4o", 1_000_000, 0) == 2.50
    assert TABLE.cost_usd("gpt-4o", 0, 1_000_000) == 10.00
    assert TABLE.cost_usd("gpt-4o", 1_234, 567) == pytest.approx(0.003085 + 0.00567)


def test_dated_model_takes_the_longest_matching_family_price() -> None:
    assert TABLE.price_of("gpt-4o-mini-2024-07-18") == Price(0.15, 0.60)
    assert TABLE.price_of("gpt-4o-2024-08-06") == Price(2.50, 10.00)


def test_unknown_model_costs_nothing() -> None:
    assert TABLE.cost_usd("llama-3.1-8b-instruct", 10_000, 10_000) == 0.0


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_cost_is_linear_and_never_negative(inp: int, out: int) -> None:
    cost = TABLE.cost_usd("gpt-4o", inp, out)
    assert cost >= 0
    assert cost == pytest.approx(
        TABLE.cost_usd("gpt-4o", inp, 0) + TABLE.cost_usd("gpt-4o", 0, out)
    )


def test_default_prices_cover_the_usual_models() -> None:
    assert {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4"} <= set(DEFAULT_PRICES)


def record(tenant: str, cost: float, at: datetime) -> UsageRecord:
    return UsageRecord(tenant_id=tenant, provider="p", model="m", cost_usd=cost, at=at)


async def test_budget_counts_only_this_tenant_and_this_month() -> None:
    ledger = InMemoryUsageLedger()
    await ledger.record(record("t1", 3.0, datetime(2026, 4, 30, 23, 59, tzinfo=UTC)))
    await ledger.record(record("t1", 4.0, datetime(2026, 5, 1, 0, 1, tzinfo=UTC)))
    await ledger.record(record("t2", 50.0, datetime(2026, 5, 2, tzinfo=UTC)))
    accounting = Accounting(TABLE, ledger, lambda: datetime(2026, 5, 15, tzinfo=UTC), 5.0)

    status = await accounting.budget("t1")

    assert (status.spent_usd, status.month, status.exhausted) == (4.0, "2026-05", False)
    assert (await accounting.budget("t2")).exhausted


async def test_per_tenant_budget_overrides_the_default() -> None:
    ledger = InMemoryUsageLedger()
    now = datetime(2026, 5, 15, tzinfo=UTC)
    await ledger.record(record("vip", 50.0, now))
    accounting = Accounting(TABLE, ledger, lambda: now, 5.0, {"vip": 100.0})

    assert not (await accounting.budget("vip")).exhausted


async def test_no_budget_is_never_exhausted() -> None:
    accounting = Accounting(TABLE, InMemoryUsageLedger(), lambda: datetime.now(UTC))
    status = await accounting.budget("t1")
    assert (status.limit_usd, status.exhausted) == (None, False)


def test_cached_completion_costs_nothing() -> None:
    accounting = Accounting(TABLE, InMemoryUsageLedger(), lambda: datetime.now(UTC))
    used = TokenUsage(input_tokens=1000, output_tokens=1000)
    fresh = Completion(text="", provider="p", model="gpt-4o", usage=used)

    assert accounting.priced(fresh).cost_usd == pytest.approx(0.0125)
    assert accounting.priced(fresh.model_copy(update={"cached": True})).cost_usd == 0.0


def test_price_table_prefers_overrides_then_the_maintained_source_then_the_shipped_table() -> None:
    maintained = {"gpt-4o": Price(2.0, 8.0, source="genai-prices 0.2.3", as_of="2026-11-10")}
    table = PriceTable(
        {"gpt-4o": Price(2.50, 10.00), "claude-3-5-haiku": Price(0.80, 4.00)},
        overrides={"o4-mini": Price(1.0, 4.0, source="configured")},
        maintained=maintained.get,
    )

    assert table.price_of("o4-mini") == Price(1.0, 4.0, source="configured")
    assert table.price_of("gpt-4o") == maintained["gpt-4o"]
    assert table.price_of("claude-3-5-haiku-20241022") == Price(0.80, 4.00)
