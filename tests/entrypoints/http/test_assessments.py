"""Assessments CRUD: create, idempotency, list and pagination, If-Match updates, delete."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.entrypoints.http.helpers import API
from tests.factories import example_document

pytestmark = pytest.mark.anyio
PROBLEM = "application/problem+json"


async def create(client: AsyncTestClient, draft: bool = True, **headers: str) -> Any:
    r = await client.post(
        f"{API}/assessments",
        params={"draft": str(draft).lower()},
        json=example_document(),
        headers=headers,
    )
    assert r.status_code == 202, r.text
    return r


async def test_create_answers_202_with_id_links_and_location(client: AsyncTestClient) -> None:
    r = await create(client, draft=False)
    body = r.json()
    assert body["status"] == "queued"
    assert r.headers["location"] == f"{API}/assessments/{body['id']}"
    assert body["links"]["events"] == f"{API}/assessments/{body['id']}/events"


async def test_created_assessment_is_stored_before_the_answer(client: AsyncTestClient) -> None:
    body = (await create(client)).json()
    r = await client.get(f"{API}/assessments/{body['id']}")
    assert r.status_code == 200
    assert r.json()["input"]["business"]["company_name"] == "LedgerLeaf Payments Inc."
    assert r.headers["etag"] == '"1"'


async def test_same_idempotency_key_returns_the_same_assessment(client: AsyncTestClient) -> None:
    first = await create(client, **{"Idempotency-Key": "k-1"})
    second = await create(client, **{"Idempotency-Key": "k-1"})
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["idempotent-replayed"] == "true"
    listed = (await client.get(f"{API}/assessments")).json()["items"]
    assert [a["id"] for a in listed] == [first.json()["id"]]


async def test_idempotency_key_reused_with_another_body_is_a_conflict(
    client: AsyncTestClient,
) -> None:
    await create(client, **{"Idempotency-Key": "k-2"})
    other = example_document("retail-recommender")
    r = await client.post(
        f"{API}/assessments",
        params={"draft": "true"},
        json=other,
        headers={"Idempotency-Key": "k-2"},
    )
    assert r.status_code == 409
    assert r.headers["content-type"].startswith(PROBLEM)


async def test_list_pages_with_a_cursor_newest_first(client: AsyncTestClient) -> None:
    ids = [(await create(client)).json()["id"] for _ in range(3)]
    first = (await client.get(f"{API}/assessments", params={"limit": 2})).json()
    second = (
        await client.get(f"{API}/assessments", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    seen = [a["id"] for a in first["items"] + second["items"]]
    assert seen == list(reversed(ids))
    assert second["next_cursor"] is None


async def test_list_filters_by_status(client: AsyncTestClient) -> None:
    draft = (await create(client)).json()["id"]
    cancelled = (await create(client)).json()["id"]
    await client.post(f"{API}/assessments/{cancelled}/cancel")
    r = await client.get(f"{API}/assessments", params={"status": "draft"})
    assert [a["id"] for a in r.json()["items"]] == [draft]


async def test_update_draft_with_matching_if_match(client: AsyncTestClient) -> None:
    aid = (await create(client)).json()["id"]
    doc = example_document()
    doc["business"]["budget"]["monthly_limit_usd"] = 45000
    r = await client.put(f"{API}/assessments/{aid}", json=doc, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == '"2"'
    assert r.json()["input"]["business"]["budget"]["monthly_limit_usd"] == 45000


async def test_update_with_stale_if_match_is_412(client: AsyncTestClient) -> None:
    aid = (await create(client)).json()["id"]
    r = await client.put(
        f"{API}/assessments/{aid}", json=example_document(), headers={"If-Match": '"7"'}
    )
    assert r.status_code == 412
    assert r.headers["content-type"].startswith(PROBLEM)


async def test_update_without_if_match_is_428(client: AsyncTestClient) -> None:
    aid = (await create(client)).json()["id"]
    r = await client.put(f"{API}/assessments/{aid}", json=example_document())
    assert r.status_code == 428


async def test_update_of_a_non_draft_is_409(client: AsyncTestClient) -> None:
    aid = (await create(client)).json()["id"]
    await client.post(f"{API}/assessments/{aid}/cancel")
    r = await client.put(
        f"{API}/assessments/{aid}", json=example_document(), headers={"If-Match": "*"}
    )
    assert r.status_code == 409


async def test_delete_then_get_is_404(client: AsyncTestClient) -> None:
    aid = (await create(client)).json()["id"]
    assert (await client.delete(f"{API}/assessments/{aid}")).status_code == 204
    r = await client.get(f"{API}/assessments/{aid}")
    assert r.status_code == 404
    assert r.json()["status"] == 404


async def test_invalid_body_is_422_with_field_paths(client: AsyncTestClient) -> None:
    doc = example_document()
    doc["business"]["budget"]["monthly_limit_usd"] = -5
    doc["technical"]["surprise"] = True
    r = await client.post(f"{API}/assessments", json=doc)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM)
    paths = {e["path"] for e in r.json()["errors"]}
    assert {"business.budget.monthly_limit_usd", "technical.surprise"} <= paths


async def test_cross_field_error_names_the_model_path(client: AsyncTestClient) -> None:
    doc = example_document()
    doc["business"]["budget"]["total_min_usd"] = 900000
    r = await client.post(f"{API}/assessments", json=doc)
    assert r.status_code == 422
    assert [e["path"] for e in r.json()["errors"]] == ["business.budget"]


async def test_malformed_json_is_400_problem(client: AsyncTestClient) -> None:
    r = await client.post(
        f"{API}/assessments", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["type"].endswith("bad-request")


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": "x"}, {"status": "bogus"}, {"cursor": "abc"}]
)
async def test_bad_query_is_400_problem(client: AsyncTestClient, params: dict[str, Any]) -> None:
    r = await client.get(f"{API}/assessments", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["errors"]


async def test_unknown_route_is_404_problem(client: AsyncTestClient) -> None:
    r = await client.get(f"{API}/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(PROBLEM)
