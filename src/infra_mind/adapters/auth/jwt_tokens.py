"""Our own short-lived JWTs (HS256 or RS256), issued for API keys and verified on each request."""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

import jwt

from infra_mind.adapters.auth.claims import principal_from_claims
from infra_mind.adapters.auth.settings import AuthSettings
from infra_mind.domain.access import Principal
from infra_mind.domain.errors import Unauthenticated

LEEWAY_S = 5
_REQUIRED = ["exp", "iat", "jti", "sub", "iss", "aud"]


class JwtTokens:
    """Signs with the private key (or secret) and verifies with the public key (or secret)."""

    def __init__(
        self, algorithm: str, signing_key: Any, verifying_key: Any, issuer: str, audience: str
    ) -> None:
        self._algorithm = algorithm
        self._signing_key = signing_key
        self._verifying_key = verifying_key
        self._issuer = issuer
        self._audience = audience

    def issue(self, principal: Principal, expires_at: datetime) -> str:
        if self._signing_key is None:
            raise RuntimeError("this instance has only a public key: it cannot issue tokens")
        claims: dict[str, Any] = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": principal.subject,
            "jti": principal.token_id,
            "iat": int(datetime.now(expires_at.tzinfo).timestamp()),
            "exp": int(expires_at.timestamp()),
            "tenant": principal.tenant_id,
            "role": principal.role.value,
        }
        if principal.key_id:
            claims["key"] = principal.key_id
        return jwt.encode(claims, self._signing_key, algorithm=self._algorithm)

    async def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._verifying_key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=LEEWAY_S,
                options={"require": _REQUIRED},
            )
        except jwt.PyJWTError:
            raise Unauthenticated() from None
        return principal_from_claims(
            claims, "tenant", "role", subject=str(claims["sub"]), key_claim="key"
        )


def jwt_tokens(settings: AuthSettings, data_dir: Path, persist_secret: bool) -> JwtTokens:
    """The codec ``settings`` describe. HS256 without a configured secret uses one
    kept in ``data_dir`` (``persist_secret``) or, for throw-away stores, one per process."""
    if settings.jwt_algorithm == "RS256":
        private = _read(settings.jwt_private_key_file)
        public = _read(settings.jwt_public_key_file)
        if public is None:
            raise ValueError("INFRA_MIND_AUTH__JWT_PUBLIC_KEY_FILE is required for RS256")
        return JwtTokens("RS256", private, public, settings.issuer, settings.audience)
    if settings.jwt_secret is not None:
        secret = settings.jwt_secret.get_secret_value()
    elif persist_secret:
        secret = _stored_secret(data_dir / "jwt-secret")
    else:
        secret = secrets.token_urlsafe(48)
    return JwtTokens("HS256", secret, secret, settings.issuer, settings.audience)


def _read(path: Path | None) -> str | None:
    return path.read_text() if path is not None else None


def _stored_secret(path: Path) -> str:
    """The secret in ``path``, created (mode 0600, never group/world readable) if absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written whole to a private temporary file, then linked into place: processes
        # starting together never read a half-written secret, and the first link wins.
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
