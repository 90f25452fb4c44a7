"""Single sign-on tokens checked against a provider's JWKS served on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from infra_mind.adapters.auth.oidc import OidcVerifier
from infra_mind.adapters.auth.settings import OidcSettings
from infra_mind.domain.access import Role
from infra_mind.domain.errors import AuthUnavailable, Unauthenticated
from tests.adapters.auth.jwks_server import AUDIENCE, ISSUER, Provider, jwks_provider
from tests.redis_server import free_port

pytestmark = pytest.mark.anyio


@pytest.fixture
def idp() -> Iterator[Provider]:
    with jwks_provider() as provider:
        provider.add_key("k1")
        yield provider


def verifier(idp: Provider, **options: object) -> OidcVerifier:
    chosen: dict[str, object] = {"jwks_min_refresh_s": 0, **options}
    settings = OidcSettings(issuer=ISSUER, audience=AUDIENCE, jwks_url=idp.jwks_url, **chosen)  # type: ignore[arg-type]
    return OidcVerifier(settings)


async def test_a_provider_token_names_tenant_role_and_subject(idp: Provider) -> None:
    found = await verifier(idp).verify(idp.token("k1"))
    assert (
        found.tenant_id,
        found.role,
        found.subject,
    ) == ("acme", Role.ANALYST, "oidc:alice@example.test")


async def test_claims_are_read_from_the_configured_names(idp: Provider) -> None:
    token = idp.token("k1", org="globex", groups_role="viewer")
    found = await verifier(idp, tenant_claim="org", role_claim="groups_role").verify(token)
    assert (found.tenant_id, found.role) == ("globex", Role.VIEWER)


async def test_a_wrong_audience_is_refused(idp: Provider) -> None:
    with pytest.raises(Unauthenticated):
        await verifier(idp).verify(idp.token("k1", aud="some-other-api"))


async def test_another_issuer_is_refused(idp: Provider) -> None:
    with pytest.raises(Unauthenticated):
        await verifier(idp).verify(idp.token("k1", iss="https://evil.example.test"))


async def test_a_token_signed_by_another_key_with_a_known_kid_is_refused(idp: Provider) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Unauthenticated):
        await verifier(idp).verify(idp.token("k1", key=forger))


async def test_an_expired_token_is_refused(idp: Provider) -> None:
    with pytest.raises(Unauthenticated):
        await verifier(idp).verify(idp.token("k1", exp=1_000_000, iat=999_000))


async def test_an_unknown_role_is_refused(idp: Provider) -> None:
    with pytest.raises(Unauthenticated):
        await verifier(idp).verify(idp.token("k1", role="superuser"))


async def test_a_rotated_key_is_fetched_on_its_first_unknown_kid(idp: Provider) -> None:
    check = verifier(idp)
    await check.verify(idp.token("k1"))
    idp.rotate("k2")
    found = await check.verify(idp.token("k2"))
    assert (found.role, idp.fetches) == (Role.ANALYST, 2)


async def test_the_key_set_is_cached_between_tokens(idp: Provider) -> None:
    check = verifier(idp)
    for _ in range(3):
        await check.verify(idp.token("k1"))
    assert idp.fetches == 1


async def test_unknown_kids_refetch_at_most_once_per_interval(idp: Provider) -> None:
    check = verifier(idp, jwks_min_refresh_s=3600)
    await check.verify(idp.token("k1"))
    for kid in ("forged-1", "forged-2"):
        with pytest.raises(Unauthenticated):
            await check.verify(_with_kid(idp, kid))
    assert idp.fetches == 1


def _with_kid(idp: Provider, kid: str) -> str:
    idp.keys[kid] = idp.keys["k1"]
    token = idp.token(kid)
    del idp.keys[kid]
    return token


async def test_an_unreachable_provider_is_unavailable_not_a_pass() -> None:
    settings = OidcSettings(
        issuer=ISSUER, audience=AUDIENCE, jwks_url=f"http://127.0.0.1:{free_port()}/jwks.json"
    )
    with jwks_provider() as idp:
        idp.add_key("k1")
        token = idp.token("k1")
    with pytest.raises(AuthUnavailable):
        await OidcVerifier(settings).verify(token)
