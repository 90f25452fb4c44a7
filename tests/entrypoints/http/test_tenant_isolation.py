"""Two tenants on one deployment. Tenant B, an owner of its own tenant, drives every route
of the API (found from the app itself, so new routes are covered) with tenant A's ids
and any of the bodies the API takes: no call reads, changes or follows anything of A's."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient, TestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container
from infra_mind.domain.access import Role
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, authenticate_sync, bearer, key_for, store_bundles
from tests.factories import example_document

pytestmark = pytest.mark.anyio
PUBLIC = ("/health", "/schema", f"{API}/auth/token")
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


def routes(app: Litestar) -> list[tuple[str, str]]:
    """Every (method, path template) that needs a credential."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path.startswith(PUBLIC):
            continue
        for method in sorted(route.methods - {"OPTIONS", "HEAD"}):
            found.append((method, route.path))
    return found


@dataclass
class World:
    client: AsyncTestClient[Any]
    a: dict[str, str]  # tenant A's headers
    b: dict[str, str]  # tenant B's headers
    ids: dict[str, str]  # tenant A's ids, by path parameter name
    version: int
    a_token: dict[str, str]  # a token A exchanged for its key


@pytest.fixture
def container(tmp_path: Path) -> ApplicationContainer:
    return build_container(load_settings(storage={"backend": "memory"}, data_dir=tmp_path))


@pytest.fixture
async def world(container: ApplicationContainer) -> AsyncIterator[World]:
    async with AsyncTestClient(create_app(container)) as client:
        a_key = await key_for(client, Role.OWNER, tenant="tenant-a")
        a = bearer(a_key)
        exchanged = await client.post(f"{API}/auth/token", json={"api_key": a_key})
        b = bearer(await key_for(client, Role.OWNER, tenant="tenant-b"))
        created = await client.post(
            f"{API}/assessments", params={"draft": "true"}, json=example_document(), headers=a
        )
        aid = created.json()["id"]
        (rid,) = await store_bundles(container, "tenant-a", aid, [10.0])
        made = (await client.post(f"{API}/api-keys", json={"role": "viewer"}, headers=a)).json()
        ids = {"assessment_id": aid, "recommendation_id": rid, "key_id": made["id"], "role": "cto"}
        version = (await client.get(f"{API}/assessments/{aid}", headers=a)).json()["version"]
        ids["token_id"] = exchanged.json()["token_id"]
        yield World(client, a, b, ids, version, bearer(exchanged.json()["access_token"]))


BODIES = st.sampled_from(
    [
        None,
        {},
        example_document(),
        {"decision": "approve"},
        {"decision": "reject", "comment": "no"},
        {"question": "Why this GPU?"},
        {"role": "viewer"},
        {"api_key": "imk_0123456789abcdef_" + "A" * 43},
    ]
)


def fill(path: str, ids: dict[str, str]) -> str:
    return PARAM.sub(lambda m: ids.get(m.group(1), "x"), path)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_another_tenant_never_reads_writes_or_follows(world: World, data: Any) -> None:
    method, template = data.draw(st.sampled_from(routes(world.client.app)), label="route")
    body = data.draw(BODIES, label="body")
    revoke = data.draw(st.sampled_from(["key_id", "token_id"]), label="revoked id")
    extra = {"token_id": world.ids[revoke]} if template.endswith("/revoke") else None
    r = await world.client.request(
        method, fill(template, world.ids), json=extra or body, headers=world.b
    )
    names_an_id = PARAM.search(template) is not None
    if names_an_id and template != f"{API}/auth/revoke":
        assert not 200 <= r.status_code < 300, (method, template, r.status_code)
    assert r.status_code < 500, (method, template, r.text)
    if 200 <= r.status_code < 300:  # an answer B was given holds nothing of A's
        for secret_id in (world.ids["assessment_id"], world.ids["recommendation_id"]):
            assert secret_id not in r.text, (method, template)
    # Tenant A is untouched: its assessment, its decisions, its key.
    mine = await world.client.get(
        f"{API}/assessments/{world.ids['assessment_id']}", headers=world.a
    )
    history = await world.client.get(
        f"{API}/recommendations/{world.ids['recommendation_id']}/approvals", headers=world.a
    )
    keys = (await world.client.get(f"{API}/api-keys", headers=world.a)).json()
    assert (200, world.version, "draft") == (
        mine.status_code,
        mine.json()["version"],
        mine.json()["status"],
    )
    assert history.json() == []
    assert all(k["revoked_at"] is None for k in keys)
    assert (await world.client.get(f"{API}/auth/me", headers=world.a_token)).status_code == 200


def test_another_tenant_cannot_follow_events_over_a_websocket(
    container: ApplicationContainer,
) -> None:
    with TestClient(create_app(container)) as client:
        authenticate_sync(client, tenant="tenant-a")
        aid = client.post(
            f"{API}/assessments", params={"draft": "true"}, json=example_document()
        ).json()["id"]
        authenticate_sync(client, tenant="tenant-b")
        with client.websocket_connect(f"{API}/assessments/{aid}/ws") as ws:
            first = ws.receive_json(timeout=10)
    assert first["status"] == 404
