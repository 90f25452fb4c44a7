"""Store round trips per read at growing numbers of stored assessments (SQLite): tenant
analytics, an assessment's recommendations (GET /assessments/{id}/recommendations) and its
whole outcome (the report). Uses the counting store of tests/adapters/storage/test_round_trips.

    python bench/queries.py [--sizes 1,10,100,1000] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.adapters.storage.builders import new_id
from tests.adapters.storage.test_round_trips import Store, seed, service, sqlite_store

from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.memory.tenancy import InMemoryAuditLog
from infra_mind.services.analytics import AnalyticsService
from infra_mind.services.approvals import ApprovalService
from infra_mind.services.audit import AuditTrail


async def round_trips(store: Store, sizes: list[int]) -> dict[str, Any]:
    tenant, stored, rows = new_id("t"), 0, {}
    analytics = AnalyticsService(store.assessments, store.recommendations)
    assessments = service(store)
    clock, ids = SystemClock(), TimeOrderedIds()
    audit = AuditTrail(InMemoryAuditLog(), clock, ids)  # the read path writes no audit entry
    approvals = ApprovalService(store.approvals, store.recommendations, clock, ids, audit)

    async def recommendations(t: str, a: str) -> object:
        return await approvals.with_states(t, a, await assessments.recommendations(t, a))

    reads = {
        "analytics": lambda t, a: analytics.for_tenant(t),
        "recommendations": recommendations,
        "report_outcome": assessments.outcome,
    }
    for n in sizes:
        last = await seed(store, tenant, n - stored)
        stored = n
        row = {}
        for name, read in reads.items():
            await read(tenant, last)
            before = store.round_trips()
            await read(tenant, last)
            row[name] = store.round_trips() - before
        rows[str(n)] = row
    return {"round_trips": rows}


async def main_async(sizes: list[int]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        async with sqlite_store(Path(tmp)) as store:
            return await round_trips(store, sizes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    result = anyio.run(main_async, [int(s) for s in args.sizes.split(",")])
    if not args.markdown:
        print(json.dumps(result))
        return
    print("| stored assessments | analytics | recommendations | report (outcome) |")
    print("|---|---|---|---|")
    for n, row in result["round_trips"].items():
        print(f"| {n} | {row['analytics']} | {row['recommendations']} | {row['report_outcome']} |")


if __name__ == "__main__":
    main()
