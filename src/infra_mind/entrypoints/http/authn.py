"""Authentication and authorization for every route: a bearer credential on each request
(HTTP, SSE and WebSocket alike), and the permission each handler declares.

A handler states ``permission=Permission.X`` in its decorator; one that states
nothing is refused (fail closed) unless it is marked ``exclude_from_auth``.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware

from infra_mind.container import ApplicationContainer, resolve
from infra_mind.domain.access import Permission, Principal
from infra_mind.domain.errors import Forbidden, Unauthenticated
from infra_mind.domain.tenancy import AuditAction
from infra_mind.services.audit import AuditTrail
from infra_mind.services.auth import AuthService
from infra_mind.services.rate_limits import RequestRateLimits

# Reachable without credentials: probes, the API description and its assets.
PUBLIC_PATHS = ["^/health/", "^/schema"]


def bearer(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The credential in ``Authorization: Bearer …``; Unauthenticated when absent."""
    scheme, _, credential = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise Unauthenticated()
    return credential.strip()


class BearerAuthentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        credential = bearer(connection)
        container: ApplicationContainer = connection.app.state.container
        service: AuthService = await resolve(container.auth.auth_service)
        return AuthenticationResult(user=await service.authenticate(credential), auth=credential)


AUTHENTICATION = DefineMiddleware(BearerAuthentication, exclude=PUBLIC_PATHS)


async def authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The app-wide guard: the principal's request rate must be within its limits (429
    otherwise) and its role must hold the handler's permission."""
    principal = connection.scope.get("user")
    if not isinstance(principal, Principal):
        return  # a public route: the middleware let it through without credentials
    container: ApplicationContainer = connection.app.state.container
    limits: RequestRateLimits | None = await resolve(container.api.rate_limits)
    if limits is not None:
        await limits.check(principal)
    permission = handler.opt.get("permission")
    if not isinstance(permission, Permission):
        raise Forbidden("this route declares no permission")
    if not principal.can(permission):
        audit: AuditTrail = await resolve(container.auth.audit)
        await audit.record(
            principal.tenant_id,
            AuditAction.ACCESS_DENIED,
            principal,
            connection.url.path,
            permission=permission.value,
        )
        principal.require(permission)
