"""Single sign-on through the API: tokens from an identity provider whose JWKS is served
on loopback open API routes as the tenant and role their claims name; a token for another
audience is 401 without saying why; a rotated provider key is picked up on first sight."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from tests.adapters.auth.jwks_server import AUDIENCE, ISSUER, Provider, jwks_provider
from tests.entrypoints.http.helpers import API, bearer
from tests.entrypoints.http.test_auth import UNAUTHENTICATED, problem

pytestmark = pytest.mark.anyio


@pytest.fixture
def idp() -> Iterator[Provider]:
    with jwks_provider() as provider:
        provider.add_key("k1")
        yield provider


@pytest.fixture
async def api(tmp_path: Path, idp: Provider) -> AsyncIterator[AsyncTestClient[Any]]:
    oidc = {"issuer": ISSUER, "audience": AUDIENCE, "jwks_url": idp.jwks_url}
    # refetch on every unknown kid: the 10 s floor against forged-kid floods is the
    # verifier's own test (tests/adapters/auth/test_oidc.py)
    oidc["jwks_min_refresh_s"] = 0
    settings = load_settings(
        data_dir=tmp_path,
        storage={"backend": "memory"},
        auth={"oidc": {**oidc, "tenant_claim": "org", "role_claim": "infra_role"}},
    )
    async with AsyncTestClient(create_app(build_container(settings))) as client:
        yield client


def sso(idp: Provider, kid: str = "k1", **claims: Any) -> dict[str, str]:
    chosen = {"org": "acme", "infra_role": "analyst", **claims}
    return bearer(idp.token(kid, **chosen))


async def test_a_provider_token_is_the_tenant_and_role_its_claims_name(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    r = await api.get(f"{API}/auth/me", headers=sso(idp, org="globex", infra_role="admin"))
    body = r.json()
    assert (r.status_code, body["tenant_id"], body["role"], body["subject"]) == (
        200,
        "globex",
        "admin",
        "oidc:alice@example.test",
    )


async def test_a_provider_token_reads_its_tenants_data(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    r = await api.get(f"{API}/assessments", headers=sso(idp))
    assert (r.status_code, r.json()["items"]) == (200, [])


async def test_the_role_from_the_claims_is_enforced(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    r = await api.delete(f"{API}/assessments/01ABC", headers=sso(idp, infra_role="viewer"))
    assert r.status_code == 403


async def test_a_token_for_another_audience_is_401_without_saying_why(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    r = await api.get(f"{API}/assessments", headers=sso(idp, aud="some-other-api"))
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)


async def test_a_token_with_a_role_we_do_not_know_is_401(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    r = await api.get(f"{API}/assessments", headers=sso(idp, infra_role="superuser"))
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)


async def test_a_rotated_provider_key_is_fetched_on_its_first_unknown_kid(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    before = await api.get(f"{API}/auth/me", headers=sso(idp, "k1"))
    idp.rotate("k2")
    after = await api.get(f"{API}/auth/me", headers=sso(idp, "k2"))
    assert (before.status_code, after.status_code, idp.fetches) == (200, 200, 2)


async def test_a_retired_provider_key_no_longer_opens_anything(
    api: AsyncTestClient[Any], idp: Provider
) -> None:
    old = sso(idp, "k1")
    await api.get(f"{API}/auth/me", headers=old)
    idp.rotate("k2")
    await api.get(f"{API}/auth/me", headers=sso(idp, "k2"))
    r = await api.get(f"{API}/auth/me", headers=old)
    assert (r.status_code, problem(r)) == (401, UNAUTHENTICATED)
