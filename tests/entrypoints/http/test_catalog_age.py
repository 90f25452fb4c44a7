"""The API states the catalog's age for an assessment and warns when it is stale."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from tests.entrypoints.http.helpers import API
from tests.factories import example_document

pytestmark = pytest.mark.anyio


async def test_assessment_states_catalog_age_with_the_refresh_warning(
    client: AsyncTestClient,
) -> None:
    aid = (await client.post(f"{API}/assessments?draft=true", json=example_document())).json()["id"]

    body = (await client.get(f"{API}/assessments/{aid}/catalog")).json()

    assert body["as_of"] == "2025-08-01"
    assert body["stale"] is True
    assert "infra-mind catalog refresh" in body["warning"]


async def test_catalog_age_of_an_unknown_assessment_is_404(client: AsyncTestClient) -> None:
    assert (await client.get(f"{API}/assessments/x/catalog")).status_code == 404
