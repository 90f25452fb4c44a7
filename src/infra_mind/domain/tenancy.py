"""Tenants, API keys and the audit trail: the records authentication rests on.

An API key is shown once as ``imk_<key id>_<secret>``; only the key id (the
lookup prefix) and a SHA-256 of the whole string are stored. A fast hash is
enough because the secret is 256 random bits: slow hashes defend guessable
passwords, and nothing here is guessable.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.access import Role
from infra_mind.domain.quotas import TenantQuotas

TENANT_ID = r"^[a-z0-9][a-z0-9-]{0,62}$"
KEY_PREFIX = "imk_"
_KEY = re.compile(r"^imk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


class Tenant(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=TENANT_ID)
    name: str = Field(min_length=1, max_length=200)
    created_at: datetime
    # records stored before quotas existed read back with every quota at its default
    quotas: TenantQuotas = Field(default_factory=TenantQuotas)


class ApiKey(BaseModel):
    """A stored key: never the secret, only its hash."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    role: Role
    name: str = Field(default="", max_length=200)
    secret_hash: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def format_key(key_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}{key_id}_{secret}"


def parse_key(presented: str) -> str | None:
    """The key id of a well-formed API key string, else None."""
    match = _KEY.match(presented)
    return match.group(1) if match else None


class AuditAction(StrEnum):
    TENANT_CREATED = "tenant.created"
    KEY_CREATED = "key.created"
    KEY_REVOKED = "key.revoked"
    TOKEN_ISSUED = "token.issued"
    TOKEN_REVOKED = "token.revoked"
    APPROVAL_RECORDED = "approval.recorded"
    ASSESSMENT_DELETED = "assessment.deleted"
    ACCESS_DENIED = "access.denied"
    QUOTAS_CHANGED = "quotas.changed"


class AuditEntry(BaseModel):
    """One security-relevant action: who (subject, role), what, on which target."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    at: datetime
    action: AuditAction
    actor: str
    role: Role | None = None
    target: str = ""
    detail: dict[str, str] = Field(default_factory=dict)
