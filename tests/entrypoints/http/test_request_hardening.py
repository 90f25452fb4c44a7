"""Bodies and parameters no document can be: 400/422 problem+json with the reason, never 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.factories import example_document

pytestmark = pytest.mark.anyio
API = "/api/v1"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def backend() -> str:
    return "memory"  # the checks happen before storage


async def test_json_nested_ten_thousand_deep_is_400(client: AsyncTestClient[Any]) -> None:
    r = await client.post(f"{API}/assessments", content=b"[" * 10_000, headers=JSON)

    assert (r.status_code, r.json()["detail"]) == (400, "the JSON body is nested too deeply")


async def test_invalid_utf8_inside_a_json_string_is_400(client: AsyncTestClient[Any]) -> None:
    body = json.dumps(example_document()).encode().replace(b'"LedgerLeaf', b'"\xff\xfeLL', 1)

    r = await client.post(f"{API}/assessments", content=body, headers=JSON)

    assert (r.status_code, r.json()["detail"]) == (400, "the body is not valid UTF-8 (byte 11)")


async def test_a_forged_cursor_at_the_edge_of_the_calendar_is_400(
    client: AsyncTestClient[Any],
) -> None:
    forged = "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzE0OjAwIiwgIngiXQ"  # ["0001-01-01T00:00:00+14:00", "x"]

    r = await client.get(f"{API}/assessments", params={"cursor": forged})

    assert r.status_code == 400


@pytest.mark.parametrize(
    ("section", "field", "value"),
    [
        ("business", "timeline_months", "12"),
        ("business", "global_distribution", "true"),
        ("technical", "availability_target_pct", "99.9"),
    ],
)
async def test_a_string_where_json_needs_a_number_or_a_boolean_is_422_naming_the_field(
    client: AsyncTestClient[Any], section: str, field: str, value: str
) -> None:
    doc = example_document()
    doc[section][field] = value

    r = await client.post(f"{API}/assessments", json=doc)

    assert r.status_code == 422
    assert f"{section}.{field}" in [e["path"] for e in r.json()["errors"]]


async def test_a_list_longer_than_its_bound_is_422(client: AsyncTestClient[Any]) -> None:
    doc = example_document()
    doc["business"]["compliance"] = ["soc2"] * 1_000

    r = await client.post(f"{API}/assessments", json=doc)

    assert r.status_code == 422
    assert "business.compliance" in [e["path"] for e in r.json()["errors"]]
