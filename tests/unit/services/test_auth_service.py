"""Auth use cases over the in-memory adapters and real HS256 tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from infra_mind.adapters.auth.jwt_tokens import JwtTokens
from infra_mind.adapters.inprocess.clock import TimeOrderedIds
from infra_mind.adapters.memory.revocation import InProcessRevocationList
from infra_mind.adapters.memory.tenancy import (
    InMemoryApiKeyRepository,
    InMemoryAuditLog,
    InMemoryTenantRepository,
)
from infra_mind.domain.access import Principal, Role
from infra_mind.domain.errors import AlreadyExists, Forbidden, NotFound, Unauthenticated
from infra_mind.domain.tenancy import AuditAction
from infra_mind.services.audit import AuditTrail
from infra_mind.services.auth import AuthPolicy, AuthService

pytestmark = pytest.mark.anyio


class ManualClock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.at.timestamp()


@dataclass
class World:
    service: AuthService
    keys: InMemoryApiKeyRepository
    audit: InMemoryAuditLog
    clock: ManualClock


@pytest.fixture
async def world() -> World:
    clock, keys, audit = ManualClock(), InMemoryApiKeyRepository(), InMemoryAuditLog()
    tokens = JwtTokens("HS256", "s" * 48, "s" * 48, "infra-mind", "infra-mind-api")
    service = AuthService(
        tenants=InMemoryTenantRepository(),
        keys=keys,
        audit=AuditTrail(audit, clock, TimeOrderedIds()),
        revocations=InProcessRevocationList(),
        issuer=tokens,
        verifiers=[tokens],
        clock=clock,
        policy=AuthPolicy(token_ttl_s=600, touch_interval_s=60),
    )
    await service.create_tenant("acme")
    await service.create_tenant("globex")
    return World(service, keys, audit, clock)


async def test_a_key_authenticates_as_its_tenant_and_role(world: World) -> None:
    issued = await world.service.create_key("acme", Role.ANALYST)
    found = await world.service.authenticate(issued.secret)
    assert (found.tenant_id, found.role) == ("acme", Role.ANALYST)


async def test_only_the_hash_of_a_key_is_stored(world: World) -> None:
    issued = await world.service.create_key("acme", Role.VIEWER)
    stored = await world.keys.find(issued.key.id)
    assert stored is not None
    assert issued.secret not in stored.model_dump_json()


async def test_a_wrong_secret_with_a_real_key_id_is_refused(world: World) -> None:
    issued = await world.service.create_key("acme", Role.VIEWER)
    forged = issued.secret[:-4] + ("AAAA" if not issued.secret.endswith("AAAA") else "BBBB")
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(forged)


async def test_an_expired_key_is_refused(world: World) -> None:
    issued = await world.service.create_key(
        "acme", Role.VIEWER, expires_at=world.clock.at + timedelta(hours=1)
    )
    world.clock.at += timedelta(hours=2)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(issued.secret)


async def test_a_revoked_key_is_refused(world: World) -> None:
    issued = await world.service.create_key("acme", Role.VIEWER)
    await world.service.revoke_key("acme", issued.key.id)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(issued.secret)


async def test_use_records_last_used_time(world: World) -> None:
    issued = await world.service.create_key("acme", Role.VIEWER)
    await world.service.authenticate(issued.secret)
    stored = await world.keys.find(issued.key.id)
    assert stored is not None
    assert world.clock.at == stored.last_used_at


async def test_a_token_carries_the_key_principal(world: World) -> None:
    issued = await world.service.create_key("acme", Role.ADMIN)
    token = await world.service.exchange(issued.secret)
    found = await world.service.authenticate(token.token)
    assert ("acme", Role.ADMIN, token.token_id) == (found.tenant_id, found.role, found.token_id)


async def test_a_revoked_token_is_refused(world: World) -> None:
    issued = await world.service.create_key("acme", Role.ADMIN)
    token = await world.service.exchange(issued.secret)
    principal = await world.service.authenticate(token.token)
    await world.service.revoke_token(principal)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(token.token)


async def test_revoking_a_key_stops_its_tokens(world: World) -> None:
    issued = await world.service.create_key("acme", Role.ADMIN)
    token = await world.service.exchange(issued.secret)
    await world.service.revoke_key("acme", issued.key.id)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(token.token)


async def test_an_expired_token_is_refused(world: World) -> None:
    issued = await world.service.create_key("acme", Role.ADMIN)
    world.clock.at -= timedelta(hours=1)  # issued an hour ago, for ten minutes
    token = await world.service.exchange(issued.secret)
    with pytest.raises(Unauthenticated):
        await world.service.authenticate(token.token)


async def test_a_token_does_not_outlive_its_key(world: World) -> None:
    expiry = world.clock.at + timedelta(minutes=1)
    issued = await world.service.create_key("acme", Role.ADMIN, expires_at=expiry)
    token = await world.service.exchange(issued.secret)
    assert expiry == token.expires_at


async def test_an_admin_cannot_create_an_owner_key(world: World) -> None:
    admin = await world.service.authenticate(
        (await world.service.create_key("acme", Role.ADMIN)).secret
    )
    with pytest.raises(Forbidden):
        await world.service.create_key("acme", Role.OWNER, by=admin)


async def test_another_tenants_key_cannot_be_revoked_and_is_not_found(world: World) -> None:
    other = await world.service.create_key("globex", Role.VIEWER)
    admin = await world.service.authenticate(
        (await world.service.create_key("acme", Role.ADMIN)).secret
    )
    with pytest.raises(NotFound):
        await world.service.revoke_key("acme", other.key.id, by=admin)


async def test_keys_are_listed_per_tenant(world: World) -> None:
    mine = await world.service.create_key("acme", Role.ADMIN)
    await world.service.create_key("globex", Role.ADMIN)
    admin = await world.service.authenticate(mine.secret)
    assert [mine.key.id] == [k.id for k in await world.service.list_keys(admin)]


async def test_bootstrap_creates_one_owner_key_on_an_empty_store() -> None:
    clock = ManualClock()
    tokens = JwtTokens("HS256", "s" * 48, "s" * 48, "i", "a")
    service = AuthService(
        InMemoryTenantRepository(),
        InMemoryApiKeyRepository(),
        AuditTrail(InMemoryAuditLog(), clock, TimeOrderedIds()),
        InProcessRevocationList(),
        tokens,
        [tokens],
        clock,
    )
    first = await service.bootstrap("default")
    second = await service.bootstrap("default")
    assert first is not None
    assert (first.key.role, second) == (Role.OWNER, None)


async def test_a_tenant_id_is_taken_once(world: World) -> None:
    with pytest.raises(AlreadyExists):
        await world.service.create_tenant("acme")


async def test_key_creation_and_revocation_are_audited(world: World) -> None:
    world.clock.at += timedelta(seconds=1)
    issued = await world.service.create_key("acme", Role.VIEWER)
    world.clock.at += timedelta(seconds=1)
    await world.service.revoke_key("acme", issued.key.id)
    actions = [e.action for e in await world.audit.list("acme")]
    assert actions == [AuditAction.KEY_REVOKED, AuditAction.KEY_CREATED, AuditAction.TENANT_CREATED]


async def test_revoking_another_principals_token_needs_keys_manage(world: World) -> None:
    viewer = Principal(tenant_id="acme", role=Role.VIEWER, subject="s", token_id="t")
    with pytest.raises(Forbidden):
        await world.service.revoke_token(viewer, "someone-else")
