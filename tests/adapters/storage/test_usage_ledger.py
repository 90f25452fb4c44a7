"""UsageLedger contract: the same tests against memory, SQLite and MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.adapters.mongo import MongoSettings, MongoUsageLedger, open_mongo_database
from infra_mind.adapters.sqlite.usage import SqliteUsageLedger
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.usage import LlmUsageSummary
from infra_mind.ports.usage import UsageLedger
from tests.adapters.storage.builders import new_id

pytestmark = pytest.mark.anyio
MARCH = datetime(2025, 3, 31, 23, 30, tzinfo=UTC)


@pytest.fixture
async def ledger(
    backend: str, mongo_settings: MongoSettings | None, tmp_path: Path
) -> AsyncIterator[UsageLedger]:
    if backend == "memory":
        yield InMemoryUsageLedger()
    elif backend == "sqlite":
        yield SqliteUsageLedger(tmp_path / "infra-mind.db")
    else:
        assert mongo_settings is not None
        async with open_mongo_database(mongo_settings) as database:
            yield MongoUsageLedger(database)
            await database.client.drop_database(mongo_settings.database)


def usage(tenant_id: str, assessment_id: str | None, cost: float, at: datetime) -> UsageRecord:
    return UsageRecord(
        tenant_id=tenant_id,
        assessment_id=assessment_id,
        agent="cto",
        provider="openai",
        model="gpt-4o-mini",
        input_tokens=1200,
        output_tokens=300,
        cost_usd=cost,
        latency_ms=850.5,
        at=at,
    )


async def test_implements_the_port(ledger: UsageLedger) -> None:
    assert isinstance(ledger, UsageLedger)


async def test_list_for_assessment_returns_its_records_in_write_order(
    ledger: UsageLedger, tenant: str
) -> None:
    assessment_id = new_id("a")
    written = [usage(tenant, assessment_id, c, MARCH - timedelta(minutes=c)) for c in (3, 1, 2)]
    for record in written:
        await ledger.record(record)
    await ledger.record(usage(tenant, new_id("a"), 9.0, MARCH))

    assert written == await ledger.list_for_assessment(tenant, assessment_id)


async def test_month_total_sums_one_tenants_utc_month(ledger: UsageLedger, tenant: str) -> None:
    await ledger.record(usage(tenant, new_id("a"), 0.25, MARCH))
    await ledger.record(usage(tenant, None, 0.5, MARCH - timedelta(days=3)))
    await ledger.record(usage(tenant, None, 4.0, MARCH + timedelta(hours=1)))  # April in UTC

    assert pytest.approx(0.75) == await ledger.month_total_usd(tenant, "2025-03")
    assert pytest.approx(4.0) == await ledger.month_total_usd(tenant, "2025-04")
    assert await ledger.month_total_usd(tenant, "2025-02") == 0.0


async def test_another_tenant_never_sees_the_usage(
    ledger: UsageLedger, tenant: str, other_tenant: str
) -> None:
    assessment_id = new_id("a")
    await ledger.record(usage(tenant, assessment_id, 1.5, MARCH))

    assert await ledger.month_total_usd(other_tenant, "2025-03") == 0.0
    assert await ledger.list_for_assessment(other_tenant, assessment_id) == []


async def test_month_summary_counts_calls_and_sums_tokens_and_cost_of_one_month(
    ledger: UsageLedger, tenant: str
) -> None:
    await ledger.record(usage(tenant, "a1", 0.25, MARCH))
    await ledger.record(usage(tenant, "a2", 0.5, MARCH - timedelta(days=1)))
    cached = usage(tenant, "a2", 0.0, MARCH).model_copy(update={"cached": True})
    await ledger.record(cached)
    await ledger.record(usage(tenant, "a3", 9.0, MARCH + timedelta(hours=1)))  # April
    await ledger.record(usage("someone-else", "a1", 9.0, MARCH))

    summary = await ledger.month_summary(tenant, "2025-03")

    expected = LlmUsageSummary(
        calls=3, cached_calls=1, input_tokens=3600, output_tokens=900, cost_usd=0.75
    )
    assert summary == expected


async def test_month_summary_of_a_month_without_calls_is_zero(
    ledger: UsageLedger, tenant: str
) -> None:
    assert await ledger.month_summary(tenant, "2025-03") == LlmUsageSummary()
