"""GET /api/v1/usage: this month's numbers equal what the test did, beside the quotas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import anyio
import anyio.to_thread
import pytest
from litestar.testing import AsyncTestClient

from infra_mind.container import ApplicationContainer, resolve
from infra_mind.domain.access import Role
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.quotas import month_period
from infra_mind.domain.workflow import assessment_graph
from tests.entrypoints.http.helpers import API, bearer, key_for, wait_rest
from tests.factories import example_document

pytestmark = pytest.mark.anyio


async def on_app[T](client: AsyncTestClient[Any], work: Any) -> T:
    """Run ``work`` (a coroutine function) on the app's own event loop."""
    result: T = await anyio.to_thread.run_sync(client.blocking_portal.call, work)
    return result


async def ledger_of(client: AsyncTestClient[Any]) -> Any:
    container: ApplicationContainer = client.app.state.container

    async def get() -> Any:
        return await resolve(container.storage.usage)

    return await on_app(client, get)


async def test_usage_counts_what_was_done_this_month(client: AsyncTestClient[Any]) -> None:
    done = []
    for _ in range(2):
        posted = await client.post(f"{API}/assessments", json=example_document())
        done.append(posted.json()["id"])
        assert (await wait_rest(client, done[-1]))["status"] == "completed"
    await client.post(f"{API}/assessments?draft=true", json=example_document())
    ledger = await ledger_of(client)
    tenant = client.app.state.container.settings().default_tenant
    billed = UsageRecord(
        tenant_id=tenant,
        provider="openai",
        model="gpt-4o",
        input_tokens=1000,
        output_tokens=200,
        cost_usd=1.25,
        at=datetime.now(UTC),
    )

    async def write_and_read() -> list[UsageRecord]:
        await ledger.record(billed)
        return [r for a in done for r in await ledger.list_for_assessment(tenant, a)] + [billed]

    records = await on_app(client, write_and_read)

    body = (await client.get(f"{API}/usage")).json()

    nodes = len(assessment_graph().nodes)
    assert body["assessments"] == {
        "by_status": {"completed": 2, "draft": 1},
        "active": 0,
        "created": 3,
    }
    assert body["agent_runs"] == {
        "by_status": {"completed": 2 * nodes},
        "attempts": 2 * nodes,
        "total": 2 * nodes,
    }
    assert body["llm"] == {
        "calls": len(records),
        "cached_calls": sum(r.cached for r in records),
        "input_tokens": sum(r.input_tokens for r in records),
        "output_tokens": sum(r.output_tokens for r in records),
        "cost_usd": pytest.approx(sum(r.cost_usd for r in records)),
    }


async def test_usage_names_the_month_and_the_quotas_beside_their_use(
    client: AsyncTestClient[Any],
) -> None:
    await client.post(f"{API}/assessments?draft=true", json=example_document())
    period = month_period(datetime.now(UTC))
    end = period.end.isoformat().replace("+00:00", "Z")

    body = (await client.get(f"{API}/usage")).json()

    assert (body["period"]["month"], body["quotas"]) == (
        period.month,
        [
            {"quota": "assessments_per_month", "limit": 10000, "used": 1, "resets_at": end},
            {"quota": "concurrent_assessments", "limit": 200, "used": 0, "resets_at": None},
            {"quota": "llm_spend_cents_per_month", "limit": 50000, "used": 0, "resets_at": end},
        ],
    )


async def test_a_viewer_reads_its_tenants_usage(client: AsyncTestClient[Any]) -> None:
    viewer = bearer(await key_for(client, Role.VIEWER))
    assert (await client.get(f"{API}/usage", headers=viewer)).status_code == 200


async def test_usage_is_the_callers_tenants_only(client: AsyncTestClient[Any]) -> None:
    await client.post(f"{API}/assessments?draft=true", json=example_document())
    theirs = bearer(await key_for(client, Role.OWNER, tenant="globex"))
    body = (await client.get(f"{API}/usage", headers=theirs)).json()
    assert (body["tenant_id"], body["assessments"]["created"]) == ("globex", 0)


async def test_usage_needs_credentials(anonymous: AsyncTestClient[Any]) -> None:
    assert (await anonymous.get(f"{API}/usage")).status_code == 401
