"""Submissions beyond the admission limit are answered 429 with Retry-After, storing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container
from tests.entrypoints.http.helpers import API
from tests.factories import example_document

pytestmark = pytest.mark.anyio


@pytest.fixture
def container(backend: str, tmp_path: Path) -> ApplicationContainer:
    settings = load_settings(
        storage={"backend": backend},
        data_dir=tmp_path,
        admission={"max_queued": 2, "refresh_s": 60, "assumed_completions_per_s": 0.5},
    )
    return build_container(settings)


async def test_a_post_beyond_the_limit_is_429_problem_with_retry_after(
    client: AsyncTestClient,
) -> None:
    for _ in range(2):
        accepted = await client.post(f"{API}/assessments", json=example_document())
        assert accepted.status_code == 202, accepted.text

    r = await client.post(f"{API}/assessments", json=example_document())

    assert (
        r.status_code,
        r.headers["content-type"],
        r.headers["retry-after"],
    ) == (429, "application/problem+json", "2")
    assert r.json()["type"].endswith("/overloaded")


async def test_a_refused_post_stores_nothing(client: AsyncTestClient) -> None:
    for _ in range(3):
        await client.post(f"{API}/assessments", json=example_document())

    listed = (await client.get(f"{API}/assessments")).json()

    assert len(listed["items"]) == 2


async def test_drafts_are_not_limited(client: AsyncTestClient) -> None:
    codes = [
        (await client.post(f"{API}/assessments?draft=true", json=example_document())).status_code
        for _ in range(4)
    ]

    assert codes == [202] * 4
