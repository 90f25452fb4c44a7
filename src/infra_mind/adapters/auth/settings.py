"""Authentication settings (``INFRA_MIND_AUTH__*``): token signing and single sign-on."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class OidcSettings(BaseModel):
    """An external identity provider whose tokens the API accepts (off when no issuer)."""

    issuer: str | None = None
    audience: str = "infra-mind"
    jwks_url: str | None = None
    algorithms: list[Literal["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]] = Field(
        default_factory=lambda: ["RS256"]  # type: ignore[arg-type]
    )
    # Which claims name the tenant and the role; roles must be owner/admin/analyst/viewer.
    tenant_claim: str = "tenant"
    role_claim: str = "role"
    jwks_cache_s: float = Field(default=3600.0, gt=0)
    # An unknown ``kid`` refetches the JWKS, at most this often (a flood of forged
    # kids must not become a flood of requests to the provider).
    jwks_min_refresh_s: float = Field(default=10.0, ge=0)
    timeout_s: float = Field(default=5.0, gt=0)


class AuthSettings(BaseModel):
    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    # HS256: the shared secret (every API instance needs the same one). When unset,
    # the embedded default generates one in ``<data dir>/jwt-secret`` (mode 0600).
    jwt_secret: SecretStr | None = Field(default=None, min_length=32)
    # RS256: PEM files; instances that only verify need just the public key.
    jwt_private_key_file: Path | None = None
    jwt_public_key_file: Path | None = None
    issuer: str = "infra-mind"
    audience: str = "infra-mind-api"
    token_ttl_s: float = Field(default=900.0, ge=30, le=24 * 3600)
    oidc: OidcSettings = Field(default_factory=OidcSettings)
