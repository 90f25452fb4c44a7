"""Who may do what: the four roles, the permissions, and the one table joining them.

A principal is whoever an accepted credential names: a tenant, a role and a
subject (``key:<id>`` for API keys and tokens exchanged for them,
``oidc:<issuer-subject>`` for single sign-on). The tenant always comes from the
principal, never from the request, so a caller can only ever name its own data.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.errors import Forbidden


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        """Higher outranks lower: a role may grant only roles up to its own rank."""
        return _RANK[self]


_RANK = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2, Role.OWNER: 3}


class Permission(StrEnum):
    READ = "assessments:read"  # assessments, results, recommendations, events, analytics
    WRITE = "assessments:write"  # create, edit drafts, ask the chat
    RUN = "assessments:run"  # start, pause, resume, cancel
    DELETE = "assessments:delete"
    APPROVE = "recommendations:approve"
    USAGE = "usage:read"
    MANAGE_KEYS = "keys:manage"  # create, list and revoke API keys; revoke others' tokens
    AUDIT = "audit:read"


# The permission table (docs/security.md reproduces it; a test keeps them equal).
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ, Permission.USAGE}),
    Role.ANALYST: frozenset({Permission.READ, Permission.WRITE, Permission.RUN, Permission.USAGE}),
    Role.ADMIN: frozenset(
        {
            Permission.READ,
            Permission.WRITE,
            Permission.RUN,
            Permission.DELETE,
            Permission.APPROVE,
            Permission.USAGE,
            Permission.MANAGE_KEYS,
            Permission.AUDIT,
        }
    ),
    Role.OWNER: frozenset(Permission),
}


class Principal(BaseModel):
    """The authenticated caller of one request."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    role: Role
    subject: str
    # The credential's revocable id: the token's ``jti``, or the API key's id.
    token_id: str
    # The API key behind this credential (None for single sign-on tokens).
    key_id: str | None = None
    expires_at: datetime | None = None

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        """Raises Forbidden when the role lacks ``permission``."""
        if not self.can(permission):
            raise Forbidden(f"role {self.role.value!r} may not {permission.value}")

    def require_grant(self, role: Role) -> None:
        """Raises Forbidden when this principal may not hand out ``role``."""
        self.require(Permission.MANAGE_KEYS)
        if role.rank > self.role.rank:
            raise Forbidden(f"role {self.role.value!r} may not grant {role.value!r}")
