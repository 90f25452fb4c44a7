"""Token ports: issuing and verifying signed bearer tokens, and the revocation list."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from infra_mind.domain.access import Principal


@runtime_checkable
class TokenIssuer(Protocol):
    """Signs short-lived tokens for a principal (the ``jti`` is ``principal.token_id``)."""

    def issue(self, principal: Principal, expires_at: datetime) -> str: ...


@runtime_checkable
class TokenVerifier(Protocol):
    """Checks a token's signature, issuer, audience and expiry and names its principal.

    Raises Unauthenticated for any token it does not accept (never saying why
    to the caller), AuthUnavailable when it cannot check (e.g. keys unreachable)."""

    async def verify(self, token: str) -> Principal: ...


@runtime_checkable
class RevocationList(Protocol):
    """Revoked token and key ids, shared by every API instance that shares the list.

    ``revoke`` remembers an id until ``until`` (after which the credential has
    expired anyway). Both calls raise AuthUnavailable when the list cannot be
    reached: callers refuse the request rather than risk honouring a revoked
    credential (fail closed)."""

    async def revoke(self, token_id: str, until: datetime) -> None: ...

    async def is_revoked(self, token_id: str) -> bool: ...
