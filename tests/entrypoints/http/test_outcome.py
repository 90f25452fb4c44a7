"""The outcome route exposes the same feasibility as the library and the CLI."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from tests.entrypoints.cli.test_feasibility import impossible_request
from tests.entrypoints.http.helpers import API, wait_rest

pytestmark = pytest.mark.anyio


async def test_outcome_of_an_impossible_request_is_infeasible_with_the_closest_option(
    client: AsyncTestClient,
) -> None:
    aid = (await client.post(f"{API}/assessments", json=impossible_request())).json()["id"]
    assert (await wait_rest(client, aid))["status"] == "completed"

    body = (await client.get(f"{API}/assessments/{aid}/outcome")).json()

    assert body["feasibility"]["status"] == "infeasible"
    assert body["feasibility"]["closest"]["provider"] == "aws"
    assert body["recommendations"] == []
    assert body["total_monthly_cost_usd"] == 0


async def test_outcome_of_an_unknown_assessment_is_404(client: AsyncTestClient) -> None:
    assert (await client.get(f"{API}/assessments/nope/outcome")).status_code == 404
