"""Credentials over HTTP: key-for-token exchange, revocation, API keys, the audit log."""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.access import Permission, Principal, Role
from infra_mind.domain.tenancy import ApiKey, AuditEntry
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.services.audit import AuditTrail
from infra_mind.services.auth import AuthService


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_key: str = Field(min_length=1, max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    token_id: str
    expires_at: datetime


class RevokeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Omitted: the credential this request carries.
    token_id: str | None = Field(default=None, min_length=1, max_length=200)


class Revoked(BaseModel):
    revoked: str


class KeyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    role: Role
    name: str = Field(default="", max_length=200)
    expires_at: datetime | None = None


class KeyView(BaseModel):
    """A key as listed: everything but its hash."""

    id: str
    role: Role
    name: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> KeyView:
        return cls.model_validate(key.model_dump(exclude={"secret_hash", "tenant_id"}))


class CreatedKey(KeyView):
    secret: str = Field(description="Shown once; only its hash is stored.")


class WhoAmI(BaseModel):
    tenant_id: str
    role: Role
    subject: str
    permissions: list[Permission]


class AuthController(Controller):
    path = f"{API}/auth"
    tags = ("auth",)

    @post(
        "/token",
        exclude_from_auth=True,
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 422, public=True),
        summary="Exchange an API key for a short-lived signed token",
    )
    async def token(
        self, data: JSONBody[TokenRequest], auth: NamedDependency[AuthService]
    ) -> TokenResponse:
        issued = await auth.exchange(data.api_key)
        return TokenResponse(
            access_token=issued.token, token_id=issued.token_id, expires_at=issued.expires_at
        )

    @post(
        "/revoke",
        permission=Permission.READ,
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 422, 503),
        summary="Revoke a token (this request's own when none is named), on every instance",
    )
    async def revoke(
        self,
        principal: NamedDependency[Principal],
        auth: NamedDependency[AuthService],
        data: JSONBody[RevokeRequest | None] = None,
    ) -> Revoked:
        token_id = data.token_id if data else None
        return Revoked(revoked=await auth.revoke_token(principal, token_id))

    @get(
        "/me",
        permission=Permission.READ,
        responses=problem_responses(),
        summary="Who this credential is",
    )
    async def me(self, principal: NamedDependency[Principal]) -> WhoAmI:
        return WhoAmI(
            tenant_id=principal.tenant_id,
            role=principal.role,
            subject=principal.subject,
            permissions=sorted(p for p in Permission if principal.can(p)),
        )


class ApiKeyController(Controller):
    path = f"{API}/api-keys"
    tags = ("auth",)

    @post(
        "/",
        permission=Permission.MANAGE_KEYS,
        status_code=HTTP_201_CREATED,
        responses=problem_responses(400, 403, 404, 422),
        summary="Create an API key for the caller's tenant (secret shown once)",
    )
    async def create(
        self,
        data: JSONBody[KeyRequest],
        principal: NamedDependency[Principal],
        auth: NamedDependency[AuthService],
    ) -> CreatedKey:
        issued = await auth.create_key(
            principal.tenant_id,
            data.role,
            by=principal,
            name=data.name,
            expires_at=data.expires_at,
        )
        return CreatedKey(**KeyView.of(issued.key).model_dump(), secret=issued.secret)

    @get(
        "/",
        permission=Permission.MANAGE_KEYS,
        responses=problem_responses(),
        summary="The tenant's API keys (no secrets)",
    )
    async def list_keys(
        self, principal: NamedDependency[Principal], auth: NamedDependency[AuthService]
    ) -> list[KeyView]:
        return [KeyView.of(k) for k in await auth.list_keys(principal)]

    @delete(
        "/{key_id:str}",
        permission=Permission.MANAGE_KEYS,
        status_code=HTTP_200_OK,
        responses=problem_responses(403, 404),
        summary="Revoke an API key and every token exchanged for it",
    )
    async def revoke(
        self,
        key_id: FromPath[str],
        principal: NamedDependency[Principal],
        auth: NamedDependency[AuthService],
    ) -> KeyView:
        return KeyView.of(await auth.revoke_key(principal.tenant_id, key_id, by=principal))


class AuditController(Controller):
    path = f"{API}/audit"
    tags = ("auth",)

    @get(
        "/",
        permission=Permission.AUDIT,
        responses=problem_responses(),
        summary="Security-relevant actions, newest first",
    )
    async def entries(
        self, principal: NamedDependency[Principal], audit: NamedDependency[AuditTrail]
    ) -> list[AuditEntry]:
        return await audit.read(principal)
