"""Credentials on every route: 401 without one, roles enforced, tenants isolated,
tokens exchanged and revoked, keys managed over the API, the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient, TestClient

from infra_mind.container import ApplicationContainer
from infra_mind.domain.access import Role
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, bearer, key_for
from tests.factories import example_document

pytestmark = pytest.mark.anyio
UNAUTHENTICATED = {
    "type": "https://infra-mind.dev/problems/unauthenticated",
    "title": "Unauthorized",
    "status": 401,
    "detail": "missing or invalid credentials",
    "errors": [],
}


def problem(r: Any) -> dict[str, Any]:
    body: dict[str, Any] = r.json()
    body.pop("instance", None)
    return body


async def created(client: AsyncTestClient[Any], **headers: str) -> str:
    r = await client.post(
        f"{API}/assessments", params={"draft": "true"}, json=example_document(), headers=headers
    )
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/assessments"),
        ("POST", "/assessments/any/cancel"),  # body-less and state-changing
        ("POST", "/assessments/any/pause"),
        ("DELETE", "/assessments/any"),
        ("GET", "/assessments/any/events"),
        ("GET", "/analytics"),
        ("GET", "/api-keys"),
        ("GET", "/audit"),
    ],
)
async def test_without_credentials_every_route_is_401(
    anonymous: AsyncTestClient[Any], method: str, path: str
) -> None:
    r = await anonymous.request(method, f"{API}{path}")
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize(
    "credential",
    [
        "imk_0123456789abcdef_" + "A" * 43,  # well-formed, unknown
        "not-a-token",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",  # a JWT signed by no one we know
    ],
)
async def test_a_bad_credential_is_401_without_saying_why(
    anonymous: AsyncTestClient[Any], credential: str
) -> None:
    r = await anonymous.get(f"{API}/assessments", headers=bearer(credential))
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)


async def test_probes_need_no_credentials(anonymous: AsyncTestClient[Any]) -> None:
    assert (await anonymous.get("/health/live")).status_code == 200


async def test_a_viewer_may_read_but_not_create(client: AsyncTestClient[Any]) -> None:
    viewer = bearer(await key_for(client, Role.VIEWER))
    listed = await client.get(f"{API}/assessments", headers=viewer)
    refused = await client.post(f"{API}/assessments", json=example_document(), headers=viewer)
    assert (listed.status_code, refused.status_code) == (200, 403)


async def test_an_analyst_may_not_delete(client: AsyncTestClient[Any]) -> None:
    aid = await created(client)
    analyst = bearer(await key_for(client, Role.ANALYST))
    r = await client.delete(f"{API}/assessments/{aid}", headers=analyst)
    assert r.status_code == 403


async def test_another_tenants_assessment_is_404(client: AsyncTestClient[Any]) -> None:
    aid = await created(client)
    other = bearer(await key_for(client, Role.OWNER, tenant="globex"))
    answers = [
        (await client.get(f"{API}/assessments/{aid}", headers=other)).status_code,
        (await client.post(f"{API}/assessments/{aid}/start", headers=other)).status_code,
        (await client.delete(f"{API}/assessments/{aid}", headers=other)).status_code,
        (await client.get(f"{API}/assessments/{aid}", headers=client.headers)).status_code,
    ]
    assert answers == [404, 404, 404, 200]


async def test_a_token_exchanged_for_a_key_authenticates(
    client: AsyncTestClient[Any], anonymous: AsyncTestClient[Any]
) -> None:
    key = await key_for(client, Role.ANALYST)
    issued = await anonymous.post(f"{API}/auth/token", json={"api_key": key})
    token = issued.json()["access_token"]
    me = await anonymous.get(f"{API}/auth/me", headers=bearer(token))
    assert (me.json()["role"], me.json()["tenant_id"]) == ("analyst", "default")


async def test_an_unknown_key_gets_no_token(anonymous: AsyncTestClient[Any]) -> None:
    r = await anonymous.post(
        f"{API}/auth/token", json={"api_key": "imk_0123456789abcdef_" + "A" * 43}
    )
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)


async def test_a_revoked_token_is_401(client: AsyncTestClient[Any]) -> None:
    key = await key_for(client, Role.VIEWER)
    token = (await client.post(f"{API}/auth/token", json={"api_key": key})).json()["access_token"]
    revoked = await client.post(f"{API}/auth/revoke", headers=bearer(token))
    after = await client.get(f"{API}/assessments", headers=bearer(token))
    assert (revoked.status_code, after.status_code) == (200, 401)


async def test_keys_created_over_the_api_work_and_list_without_secrets(
    client: AsyncTestClient[Any],
) -> None:
    made = (await client.post(f"{API}/api-keys", json={"role": "viewer", "name": "ci"})).json()
    works = await client.get(f"{API}/assessments", headers=bearer(made["secret"]))
    listed = (await client.get(f"{API}/api-keys")).json()
    assert works.status_code == 200
    assert all("secret" not in k and "secret_hash" not in k for k in listed)
    assert made["id"] in [k["id"] for k in listed]


async def test_a_key_revoked_over_the_api_is_401(client: AsyncTestClient[Any]) -> None:
    made = (await client.post(f"{API}/api-keys", json={"role": "viewer"})).json()
    await client.delete(f"{API}/api-keys/{made['id']}")
    r = await client.get(f"{API}/assessments", headers=bearer(made["secret"]))
    assert r.status_code == 401


async def test_an_admin_may_not_mint_an_owner_key(client: AsyncTestClient[Any]) -> None:
    admin = bearer(await key_for(client, Role.ADMIN))
    r = await client.post(f"{API}/api-keys", json={"role": "owner"}, headers=admin)
    assert r.status_code == 403


async def test_the_audit_log_records_key_and_deletion_actions(
    client: AsyncTestClient[Any],
) -> None:
    made = (await client.post(f"{API}/api-keys", json={"role": "viewer"})).json()
    await client.delete(f"{API}/api-keys/{made['id']}")
    aid = await created(client)
    await client.delete(f"{API}/assessments/{aid}")
    actions = [e["action"] for e in (await client.get(f"{API}/audit")).json()]
    assert actions[:3] == ["assessment.deleted", "key.revoked", "key.created"]


async def test_a_viewer_may_not_read_the_audit_log(client: AsyncTestClient[Any]) -> None:
    viewer = bearer(await key_for(client, Role.VIEWER))
    assert (await client.get(f"{API}/audit", headers=viewer)).status_code == 403


def test_a_websocket_without_credentials_is_refused(container: ApplicationContainer) -> None:
    with (
        TestClient(create_app(container)) as client,
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(f"{API}/assessments/any/ws") as ws,
    ):
        ws.receive_json(timeout=5)
