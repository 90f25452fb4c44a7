"""Authentication use cases: tenants, API keys, token exchange and revocation.

Every credential is checked on every request: an API key against its stored
hash (so revoking it in the shared store stops it everywhere), a token against
its signature and the shared revocation list (its own ``jti`` and the key it
was exchanged for).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from infra_mind.domain.access import Permission, Principal, Role
from infra_mind.domain.errors import AlreadyExists, Forbidden, NotFound, Unauthenticated
from infra_mind.domain.tenancy import (
    ApiKey,
    AuditAction,
    Tenant,
    format_key,
    hash_secret,
    parse_key,
)
from infra_mind.ports.clock import Clock
from infra_mind.ports.tenancy import ApiKeyRepository, TenantRepository
from infra_mind.ports.tokens import RevocationList, TokenIssuer, TokenVerifier
from infra_mind.services.audit import AuditTrail


@dataclass(frozen=True)
class AuthPolicy:
    token_ttl_s: float = 900.0
    # last_used_at is written at most this often per key (one write per request
    # would make every read a write).
    touch_interval_s: float = 60.0


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # shown once, never stored


@dataclass(frozen=True)
class IssuedToken:
    token: str
    token_id: str
    expires_at: datetime


class AuthService:
    def __init__(
        self,
        tenants: TenantRepository,
        keys: ApiKeyRepository,
        audit: AuditTrail,
        revocations: RevocationList,
        issuer: TokenIssuer,
        verifiers: Sequence[TokenVerifier],
        clock: Clock,
        policy: AuthPolicy | None = None,
    ) -> None:
        self._tenants = tenants
        self._keys = keys
        self._audit = audit
        self._revocations = revocations
        self._issuer = issuer
        self._verifiers = list(verifiers)
        self._clock = clock
        self._policy = policy or AuthPolicy()

    # -- tenants -------------------------------------------------------------

    async def create_tenant(self, tenant_id: str, name: str = "") -> Tenant:
        tenant = Tenant(id=tenant_id, name=name or tenant_id, created_at=self._clock.now())
        await self._tenants.add(tenant)
        await self._audit.record(tenant.id, AuditAction.TENANT_CREATED, None, tenant.id)
        return tenant

    async def bootstrap(self, tenant_id: str) -> IssuedKey | None:
        """On a store with no tenant yet: create ``tenant_id`` and an owner key
        (returned once, for the operator). None when any tenant exists."""
        if await self._tenants.list():
            return None
        try:
            await self.create_tenant(tenant_id)
        except AlreadyExists:  # another process bootstrapped at the same moment
            return None
        return await self.create_key(tenant_id, Role.OWNER, name="bootstrap owner key")

    # -- API keys ------------------------------------------------------------

    async def create_key(
        self,
        tenant_id: str,
        role: Role,
        *,
        by: Principal | None = None,
        name: str = "",
        expires_at: datetime | None = None,
    ) -> IssuedKey:
        """A new key for ``tenant_id``. ``by`` None is the local operator; a
        principal may only create keys for its own tenant, up to its own role."""
        if by is not None:
            by.require_grant(role)
            if by.tenant_id != tenant_id:
                raise NotFound("tenant", tenant_id)
        await self._tenants.get(tenant_id)
        now = self._clock.now()
        if expires_at is not None and expires_at <= now:
            raise Forbidden("expires_at must be in the future")
        key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        presented = format_key(key_id, secret)
        key = ApiKey(
            id=key_id,
            tenant_id=tenant_id,
            role=role,
            name=name,
            secret_hash=hash_secret(presented),
            created_at=now,
            created_by=by.subject if by else "local:operator",
            expires_at=expires_at,
        )
        await self._keys.add(key)
        await self._audit.record(tenant_id, AuditAction.KEY_CREATED, by, key_id, role=role.value)
        return IssuedKey(key, presented)

    async def list_keys(self, by: Principal) -> list[ApiKey]:
        by.require(Permission.MANAGE_KEYS)
        return await self._keys.list(by.tenant_id)

    async def revoke_key(self, tenant_id: str, key_id: str, by: Principal | None = None) -> ApiKey:
        """Stops the key and every token exchanged for it, on every instance."""
        if by is not None:
            by.require(Permission.MANAGE_KEYS)
            if by.tenant_id != tenant_id:
                raise NotFound("api key", key_id)
        return await self._revoke_key(tenant_id, key_id, by)

    async def _revoke_key(self, tenant_id: str, key_id: str, by: Principal | None) -> ApiKey:
        revoked = await self._keys.revoke(tenant_id, key_id, self._clock.now())
        await self._revocations.revoke(_scoped(tenant_id, key_id), self._token_deadline())
        await self._audit.record(tenant_id, AuditAction.KEY_REVOKED, by, key_id)
        return revoked

    # -- credentials ---------------------------------------------------------

    async def authenticate(self, credential: str) -> Principal:
        """The principal of a presented API key or bearer token.

        Raises Unauthenticated for anything not currently valid, AuthUnavailable
        when the key store or revocation list cannot be consulted."""
        if parse_key(credential) is not None:
            return await self._authenticate_key(credential)
        principal = await self._verify_token(credential)
        revoked = [principal.token_id] + ([principal.key_id] if principal.key_id else [])
        for token_id in revoked:
            if await self._revocations.is_revoked(_scoped(principal.tenant_id, token_id)):
                raise Unauthenticated()
        return principal

    async def exchange(self, api_key: str) -> IssuedToken:
        """A short-lived signed token for an API key (``POST /auth/token``)."""
        key_principal = await self._authenticate_key(api_key)
        expires_at = self._token_deadline()
        if key_principal.expires_at is not None:
            expires_at = min(expires_at, key_principal.expires_at)
        principal = key_principal.model_copy(
            update={"token_id": secrets.token_hex(16), "expires_at": expires_at}
        )
        token = self._issuer.issue(principal, expires_at)
        await self._audit.record(
            principal.tenant_id, AuditAction.TOKEN_ISSUED, key_principal, principal.token_id
        )
        return IssuedToken(token, principal.token_id, expires_at)

    async def revoke_token(self, by: Principal, token_id: str | None = None) -> str:
        """Revoke ``token_id`` (the caller's own credential when None; an API key
        presented as the credential is revoked as a key).

        Revoking another token needs ``keys:manage``; the id is then revoked
        within the caller's tenant only: a tenant cannot revoke another's tokens."""
        target = token_id or by.token_id
        if target != by.token_id:
            by.require(Permission.MANAGE_KEYS)
        elif by.key_id == by.token_id:
            await self._revoke_key(by.tenant_id, target, by)
            return target
        until = by.expires_at if target == by.token_id and by.expires_at else None
        await self._revocations.revoke(
            _scoped(by.tenant_id, target), until or self._token_deadline()
        )
        await self._audit.record(by.tenant_id, AuditAction.TOKEN_REVOKED, by, target)
        return target

    async def _authenticate_key(self, presented: str) -> Principal:
        key_id = parse_key(presented)
        key = await self._keys.find(key_id) if key_id else None
        now = self._clock.now()
        if key is None or not key.matches(presented) or not key.usable(now):
            raise Unauthenticated()
        last = key.last_used_at
        if last is None or (now - last).total_seconds() >= self._policy.touch_interval_s:
            await self._keys.touch(key.id, now)
        return Principal(
            tenant_id=key.tenant_id,
            role=key.role,
            subject=f"key:{key.id}",
            token_id=key.id,
            key_id=key.id,
            expires_at=key.expires_at,
        )

    async def _verify_token(self, token: str) -> Principal:
        for verifier in self._verifiers:
            try:
                return await verifier.verify(token)
            except Unauthenticated:
                continue
        raise Unauthenticated()

    def _token_deadline(self) -> datetime:
        return self._clock.now() + timedelta(seconds=self._policy.token_ttl_s)


def _scoped(tenant_id: str, token_id: str) -> str:
    """Revocation-list entries are per tenant, so no tenant can revoke another's ids."""
    return f"{tenant_id}/{token_id}"
