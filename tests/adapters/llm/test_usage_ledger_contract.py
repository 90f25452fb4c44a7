"""One contract for every UsageLedger adapter: in-process, SQLite and MongoDB."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.adapters.mongo.client import open_mongo_database
from infra_mind.adapters.mongo.settings import MongoSettings
from infra_mind.adapters.mongo.usage import MongoUsageLedger
from infra_mind.adapters.sqlite.usage import SqliteUsageLedger
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.ports.usage import UsageLedger

pytestmark = pytest.mark.anyio
MAY = datetime(2026, 5, 10, 8, 30, tzinfo=UTC)


@pytest.fixture(params=["memory", "sqlite", "mongo"])
async def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[UsageLedger]:
    if request.param == "memory":
        yield InMemoryUsageLedger()
    elif request.param == "sqlite":
        yield SqliteUsageLedger(tmp_path / "usage.db")
    else:
        url = request.getfixturevalue("mongo_url")
        settings = MongoSettings(url=url, database=f"usage_{uuid.uuid4().hex[:12]}")
        async with open_mongo_database(settings) as database:
            yield MongoUsageLedger(database)


def usage(
    tenant: str = "t1", assessment: str | None = "a1", cost: float = 0.5, **kw
) -> UsageRecord:
    values = {
        "tenant_id": tenant,
        "assessment_id": assessment,
        "agent": "cto",
        "provider": "openai",
        "model": "gpt-4o-mini",
        "input_tokens": 1000,
        "output_tokens": 500,
        "cost_usd": cost,
        "latency_ms": 12.5,
        "at": MAY,
    }
    return UsageRecord.model_validate(values | kw)


async def test_is_a_usage_ledger(ledger: UsageLedger) -> None:
    assert isinstance(ledger, UsageLedger)


async def test_records_come_back_in_write_order_unchanged(ledger: UsageLedger) -> None:
    first, second = usage(agent="cto"), usage(agent="mlops", cached=True, cost=0.0)
    await ledger.record(first)
    await ledger.record(second)

    assert await ledger.list_for_assessment("t1", "a1") == [first, second]


async def test_assessment_listing_is_scoped_to_the_tenant(ledger: UsageLedger) -> None:
    await ledger.record(usage(tenant="t1", assessment="shared-id"))
    await ledger.record(usage(tenant="t2", assessment="shared-id"))

    listed = await ledger.list_for_assessment("t1", "shared-id")
    assert [r.tenant_id for r in listed] == ["t1"]


async def test_month_total_sums_one_tenant_one_month(ledger: UsageLedger) -> None:
    await ledger.record(usage(cost=0.25))
    await ledger.record(usage(cost=0.5, assessment=None))
    await ledger.record(usage(cost=7.0, at=datetime(2026, 4, 30, 23, 59, tzinfo=UTC)))
    await ledger.record(usage(tenant="t2", cost=100.0))

    assert await ledger.month_total_usd("t1", "2026-05") == pytest.approx(0.75)
    assert await ledger.month_total_usd("t1", "2026-04") == pytest.approx(7.0)
    assert await ledger.month_total_usd("nobody", "2026-05") == 0.0


async def test_sqlite_ledger_keeps_records_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "usage.db"
    await SqliteUsageLedger(path).record(usage())

    assert len(await SqliteUsageLedger(path).list_for_assessment("t1", "a1")) == 1


async def test_sqlite_ledger_that_cannot_open_its_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StorageUnavailable):
        await SqliteUsageLedger(tmp_path / "missing-dir" / "usage.db").record(usage())
