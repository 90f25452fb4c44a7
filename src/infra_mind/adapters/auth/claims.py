"""Claims → principal: the tenant and role a verified token names."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from infra_mind.domain.access import Principal, Role
from infra_mind.domain.errors import Unauthenticated
from infra_mind.domain.tenancy import TENANT_ID

_TENANT = re.compile(TENANT_ID)


def principal_from_claims(
    claims: dict[str, Any],
    tenant_claim: str,
    role_claim: str,
    subject: str,
    key_claim: str | None = None,
) -> Principal:
    """A verified token without a usable tenant or role is not a credential."""
    tenant, role = claims.get(tenant_claim), claims.get(role_claim)
    if not isinstance(tenant, str) or not _TENANT.match(tenant):
        raise Unauthenticated()
    try:
        parsed = Role(str(role))
    except ValueError:
        raise Unauthenticated() from None
    key_id = claims.get(key_claim) if key_claim else None
    exp = claims.get("exp")
    return Principal(
        tenant_id=tenant,
        role=parsed,
        subject=subject,
        # Provider tokens without a jti are revoked by subject and issue time.
        token_id=str(claims.get("jti") or f"{subject}:{claims.get('iat')}"),
        key_id=key_id if isinstance(key_id, str) else None,
        expires_at=datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None,
    )
