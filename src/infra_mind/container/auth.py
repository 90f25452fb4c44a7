"""Auth sub-container: the audit trail, token signing/verification and the auth service."""

from __future__ import annotations

from dependency_injector import containers, providers

from infra_mind.adapters.auth.jwt_tokens import JwtTokens, jwt_tokens
from infra_mind.config import Settings
from infra_mind.ports.tokens import TokenVerifier
from infra_mind.services.audit import AuditTrail
from infra_mind.services.auth import AuthPolicy, AuthService


def token_codec(settings: Settings) -> JwtTokens:
    # A generated signing secret is kept in the data directory unless the store
    # itself is thrown away with the process (memory backend).
    persist = settings.storage.backend != "memory"
    return jwt_tokens(settings.auth, settings.data_dir, persist_secret=persist)


def verifiers(settings: Settings, tokens: JwtTokens) -> list[TokenVerifier]:
    """Our own tokens first, then the single sign-on provider's when one is configured."""
    found: list[TokenVerifier] = [tokens]
    if settings.auth.oidc.issuer:
        from infra_mind.adapters.auth.oidc import OidcVerifier

        found.append(OidcVerifier(settings.auth.oidc))
    return found


def auth_policy(settings: Settings) -> AuthPolicy:
    return AuthPolicy(token_ttl_s=settings.auth.token_ttl_s)


class AuthContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Dependency()
    ids = providers.Dependency()
    tenants_repo = providers.Dependency()
    api_keys_repo = providers.Dependency()
    audit_log = providers.Dependency()
    revocations = providers.Dependency()

    audit = providers.Singleton(AuditTrail, log=audit_log, clock=clock, ids=ids)
    tokens = providers.Singleton(token_codec, settings)
    auth_service = providers.Singleton(
        AuthService,
        tenants=tenants_repo,
        keys=api_keys_repo,
        audit=audit,
        revocations=revocations,
        issuer=tokens,
        verifiers=providers.Singleton(verifiers, settings, tokens),
        clock=clock,
        policy=providers.Factory(auth_policy, settings),
    )
