"""Store round trips stay constant as assessments accumulate: analytics, an assessment's
recommendations (the API's read path) and its whole outcome, on SQLite and MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pymongo.monitoring import (
    CommandFailedEvent,
    CommandListener,
    CommandStartedEvent,
    CommandSucceededEvent,
)

from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.memory.tenancy import InMemoryAuditLog
from infra_mind.adapters.mongo import (
    MongoAgentResultRepository,
    MongoAssessmentRepository,
    MongoRecommendationRepository,
    MongoSettings,
    open_mongo_database,
)
from infra_mind.adapters.mongo.approvals import MongoApprovalRepository
from infra_mind.adapters.mongo.tenancy import MongoTenantRepository
from infra_mind.adapters.mongo.usage import MongoUsageLedger
from infra_mind.adapters.sqlite import (
    SqliteAgentResultRepository,
    SqliteAssessmentRepository,
    SqliteRecommendationRepository,
    open_sqlite,
)
from infra_mind.adapters.sqlite.approvals import SqliteApprovalRepository
from infra_mind.adapters.sqlite.tenancy import SqliteTenantRepository
from infra_mind.adapters.sqlite.usage import SqliteUsageLedger
from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.quotas import TenantQuotas
from infra_mind.services.analytics import AnalyticsService
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.audit import AuditTrail
from infra_mind.services.quotas import TenantQuotaService
from infra_mind.services.usage import UsageService
from tests.adapters.storage.builders import BASE, assessment, bundle, new_id, result
from tests.mongo_server import fresh_database_name

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
SIZES = (1, 4, 16)
HOUSEKEEPING = frozenset({"hello", "ismaster", "isMaster", "ping", "endSessions", "saslStart"})


@dataclass
class Store:
    assessments: Any
    results: Any
    recommendations: Any
    approvals: Any
    tenants: Any
    usage: Any
    round_trips: Callable[[], int]


class Commands(CommandListener):
    def __init__(self) -> None:
        self.count = 0

    def started(self, event: CommandStartedEvent) -> None:
        if event.command_name not in HOUSEKEEPING:
            self.count += 1

    def succeeded(self, event: CommandSucceededEvent) -> None:
        pass

    def failed(self, event: CommandFailedEvent) -> None:
        pass


@asynccontextmanager
async def sqlite_store(path: Path) -> AsyncIterator[Store]:
    async with open_sqlite(path / "rt.db") as db:
        calls = [0]

        def counted[T](
            run: Callable[[Callable[[Any], T]], Awaitable[T]],
        ) -> Callable[[Callable[[Any], T]], Awaitable[T]]:
            async def call(work: Callable[[Any], T]) -> T:
                calls[0] += 1
                return await run(work)

            return call

        db.read = counted(db.read)  # type: ignore[method-assign]
        db.write = counted(db.write)  # type: ignore[method-assign]
        usage = SqliteUsageLedger(path / "rt.db")  # its own connection: counted apart
        run = usage._run

        async def counted_run(sql: str, args: tuple[object, ...]) -> list[Any]:
            calls[0] += 1
            return await run(sql, args)

        usage._run = counted_run  # type: ignore[method-assign]
        yield Store(
            SqliteAssessmentRepository(db),
            SqliteAgentResultRepository(db),
            SqliteRecommendationRepository(db),
            SqliteApprovalRepository(db),
            SqliteTenantRepository(db),
            usage,
            lambda: calls[0],
        )


@asynccontextmanager
async def mongo_store(url: str) -> AsyncIterator[Store]:
    settings = MongoSettings(url=url, database=fresh_database_name())
    commands = Commands()
    async with open_mongo_database(settings, event_listeners=[commands]) as db:
        try:
            yield Store(
                MongoAssessmentRepository(db),
                MongoAgentResultRepository(db),
                MongoRecommendationRepository(db),
                MongoApprovalRepository(db),
                MongoTenantRepository(db),
                MongoUsageLedger(db),
                lambda: commands.count,
            )
        finally:
            await db.client.drop_database(settings.database)


@pytest.fixture(params=["sqlite", "mongo"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        async with sqlite_store(tmp_path) as s:
            yield s
    else:
        async with mongo_store(request.getfixturevalue("mongo_url")) as s:
            yield s


async def seed(store: Store, tenant: str, n: int) -> str:
    """``n`` completed assessments, each with three bundles and two agent results."""
    last = ""
    for _ in range(n):
        a = await store.assessments.add(assessment(tenant, status=AssessmentStatus.COMPLETED))
        await store.recommendations.replace_for(
            tenant, a.id, [bundle(tenant, a.id, rank) for rank in (1, 2, 3)]
        )
        for node in ("cto", "research"):
            await store.results.save(result(tenant, a.id, node))
        last = a.id
    return last


async def round_trips_at_growing_n(
    store: Store, read: Callable[[str, str], Awaitable[object]]
) -> list[int]:
    tenant, seen, stored = new_id("t"), [], 0
    for n in SIZES:
        last = await seed(store, tenant, n - stored)
        stored = n
        await read(tenant, last)  # first use may create a table: steady state is measured
        before = store.round_trips()
        await read(tenant, last)
        seen.append(store.round_trips() - before)
    return seen


def service(store: Store) -> AssessmentService:
    return AssessmentService(
        store.assessments,
        store.results,
        store.recommendations,
        queue=None,  # type: ignore[arg-type]  # reads only
        events=None,  # type: ignore[arg-type]
        clock=SystemClock(),
        ids=TimeOrderedIds(),
    )


async def test_analytics_takes_two_round_trips_for_any_number_of_assessments(
    store: Store,
) -> None:
    analytics = AnalyticsService(store.assessments, store.recommendations)

    seen = await round_trips_at_growing_n(store, lambda t, _: analytics.for_tenant(t))

    assert seen == [2] * len(SIZES)


async def test_recommendations_read_path_takes_two_round_trips(store: Store) -> None:
    assessments = service(store)
    clock, ids = SystemClock(), TimeOrderedIds()
    audit = AuditTrail(InMemoryAuditLog(), clock, ids)  # the read path writes no audit entry
    approvals = ApprovalService(store.approvals, store.recommendations, clock, ids, audit)

    async def read(tenant: str, assessment_id: str) -> object:
        bundles = await assessments.recommendations(tenant, assessment_id)
        return await approvals.with_states(tenant, assessment_id, bundles)

    seen = await round_trips_at_growing_n(store, read)

    assert seen == [2] * len(SIZES)


async def test_an_outcome_takes_three_round_trips(store: Store) -> None:
    assessments = service(store)

    seen = await round_trips_at_growing_n(store, assessments.outcome)

    assert seen == [3] * len(SIZES)


class AtBase:
    """The seeded assessments' month, so the usage read counts them."""

    def now(self) -> datetime:
        return BASE

    def monotonic(self) -> float:
        return 0.0


async def test_usage_takes_four_round_trips_for_any_amount_used(store: Store) -> None:
    clock, ids = AtBase(), TimeOrderedIds()
    audit = AuditTrail(InMemoryAuditLog(), clock, ids)
    quotas = TenantQuotaService(
        store.tenants, store.assessments, store.usage, clock, TenantQuotas(), audit
    )
    usage = UsageService(quotas, store.assessments, store.results, store.usage, clock)

    tenant, seen, stored = new_id("t"), [], 0
    for n in SIZES:
        await seed(store, tenant, n - stored)
        for _ in range(n - stored):
            await store.usage.record(
                UsageRecord(tenant_id=tenant, provider="openai", model="gpt-4o", at=BASE)
            )
        stored = n
        await usage.report(tenant)  # first use may create a table: steady state is measured
        before = store.round_trips()
        await usage.report(tenant)
        seen.append(store.round_trips() - before)

    assert seen == [4] * len(SIZES)
