"""Single sign-on: tokens from an external OpenID Connect provider, checked against its JWKS.

The key set is cached for ``jwks_cache_s``; a token naming a ``kid`` the cache
does not hold refetches it (at most every ``jwks_min_refresh_s``), which is how
a provider's key rotation is picked up without a restart.
"""

from __future__ import annotations

import time
from typing import Any

import anyio
import httpx
import jwt

from infra_mind.adapters.auth.claims import principal_from_claims
from infra_mind.adapters.auth.settings import OidcSettings
from infra_mind.domain.access import Principal
from infra_mind.domain.errors import AuthUnavailable, Unauthenticated

LEEWAY_S = 30


class OidcVerifier:
    def __init__(self, settings: OidcSettings, http: httpx.AsyncClient | None = None) -> None:
        if not settings.issuer or not settings.jwks_url:
            raise ValueError("OIDC needs both INFRA_MIND_AUTH__OIDC__ISSUER and __JWKS_URL")
        self._settings = settings
        self._http = http
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._lock = anyio.Lock()

    async def verify(self, token: str) -> Principal:
        s = self._settings
        try:
            header = jwt.get_unverified_header(token)
            if jwt.decode(token, options={"verify_signature": False}).get("iss") != s.issuer:
                raise Unauthenticated()  # not this provider's token (or a forged issuer)
        except jwt.PyJWTError:
            raise Unauthenticated() from None
        key = await self._key(str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=list(s.algorithms),
                audience=s.audience,
                issuer=s.issuer,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            raise Unauthenticated() from None
        return principal_from_claims(
            claims, s.tenant_claim, s.role_claim, subject=f"oidc:{claims['sub']}"
        )

    async def _key(self, kid: str) -> Any:
        now = time.monotonic()
        stale = now - self._fetched_at >= self._settings.jwks_cache_s
        unknown = kid not in self._keys
        may_refresh = now - self._fetched_at >= self._settings.jwks_min_refresh_s
        if stale or (unknown and may_refresh):
            async with self._lock:
                if self._fetched_at < now:  # nobody refreshed while we waited
                    self._keys = await self._fetch()
                    self._fetched_at = time.monotonic()
        if kid not in self._keys:
            raise Unauthenticated()
        return self._keys[kid]

    async def _fetch(self) -> dict[str, Any]:
        url = self._settings.jwks_url
        assert url is not None
        try:
            if self._http is not None:
                response = await self._http.get(url, timeout=self._settings.timeout_s)
            else:
                async with httpx.AsyncClient() as client:
                    response = await client.get(url, timeout=self._settings.timeout_s)
            response.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(response.json()).keys
        except (httpx.HTTPError, ValueError, jwt.PyJWTError) as exc:
            raise AuthUnavailable("identity provider keys unreachable") from exc
        return {k.key_id: k.key for k in keys if k.key_id}
