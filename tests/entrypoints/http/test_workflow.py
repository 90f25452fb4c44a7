"""Workflow control and per-node status; agent results."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.domain.workflow import assessment_graph
from tests.entrypoints.http.helpers import API, wait_rest
from tests.factories import example_document

pytestmark = pytest.mark.anyio


async def draft(client: AsyncTestClient) -> str:
    r = await client.post(f"{API}/assessments?draft=true", json=example_document())
    return str(r.json()["id"])


async def test_status_lists_every_graph_node(client: AsyncTestClient) -> None:
    aid = await draft(client)
    body = (await client.get(f"{API}/assessments/{aid}/status")).json()
    assert body["status"] == "draft"
    assert set(body["nodes"]) == set(assessment_graph().nodes)
    assert {n["status"] for n in body["nodes"].values()} == {"pending"}


async def test_start_runs_the_draft_to_a_resting_state(client: AsyncTestClient) -> None:
    aid = await draft(client)
    r = await client.post(f"{API}/assessments/{aid}/start")
    assert r.status_code == 202
    assert r.json()["status"] == "queued"
    final = await wait_rest(client, aid)
    assert final["status"] in {"completed", "failed"}
    assert final["nodes"]["data_validation"]["status"] == "completed"


async def test_starting_twice_is_a_conflict(client: AsyncTestClient) -> None:
    aid = await draft(client)
    await client.post(f"{API}/assessments/{aid}/cancel")
    r = await client.post(f"{API}/assessments/{aid}/start")
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_cancel_a_draft(client: AsyncTestClient) -> None:
    aid = await draft(client)
    r = await client.post(f"{API}/assessments/{aid}/cancel")
    assert r.json()["status"] == "cancelled"


async def test_resume_of_a_draft_is_a_conflict(client: AsyncTestClient) -> None:
    aid = await draft(client)
    assert (await client.post(f"{API}/assessments/{aid}/resume")).status_code == 409


async def test_pause_of_a_draft_is_a_conflict(client: AsyncTestClient) -> None:
    aid = await draft(client)
    assert (await client.post(f"{API}/assessments/{aid}/pause")).status_code == 409


@pytest.mark.parametrize("action", ["start", "pause", "resume", "cancel"])
async def test_control_of_an_unknown_assessment_is_404(
    client: AsyncTestClient, action: str
) -> None:
    assert (await client.post(f"{API}/assessments/none/{action}")).status_code == 404


async def test_results_after_a_run(client: AsyncTestClient) -> None:
    aid = await draft(client)
    await client.post(f"{API}/assessments/{aid}/start")
    await wait_rest(client, aid)
    results = (await client.get(f"{API}/assessments/{aid}/results")).json()
    assert results[0]["node"] == "data_validation"
    one = await client.get(f"{API}/assessments/{aid}/results/data_validation")
    assert one.json()["status"] == "completed"


async def test_result_of_an_unknown_role_is_404(client: AsyncTestClient) -> None:
    aid = await draft(client)
    assert (await client.get(f"{API}/assessments/{aid}/results/nobody")).status_code == 404
