"""Redis settings (``INFRA_MIND_REDIS__*``): a URL, or Sentinel addresses and master name."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

from infra_mind.adapters.env_types import CommaList


class RedisSettings(BaseModel):
    url: str = "redis://127.0.0.1:6379/0"
    sentinels: CommaList = Field(default_factory=list)
    sentinel_master: str = "mymaster"
    key_prefix: str = "infra-mind"
    # Every command in a request path is bounded: a frozen or unreachable Redis
    # answers StorageUnavailable (HTTP 503 + Retry-After) after this long, never a hang.
    socket_timeout_s: float = Field(default=2.0, gt=0)
    connect_timeout_s: float = Field(default=1.0, gt=0)
    # Cache reads from a replica (Sentinel only): a stale read there is a miss at worst.
    replica_reads: bool = True
    # An ACL user and its password (or a password alone, for ``requirepass``), kept out of
    # the URL; TLS with an optional CA bundle (docs/security.md). They apply to every data
    # node (master, replicas), not to the sentinels themselves.
    username: str | None = None
    password: SecretStr | None = None
    tls: bool = False
    tls_ca_file: str | None = None


class CredentialsRejected(Exception):
    """Redis refused the configured ACL user or password: a settings error, not an
    outage, so it stops start-up instead of being retried. Names the variables, never
    their values."""

    def __init__(self) -> None:
        super().__init__(
            "INFRA_MIND_REDIS__USERNAME / INFRA_MIND_REDIS__PASSWORD: Redis refused them "
            "(wrong password, unknown or disabled ACL user, a password it requires is "
            "missing, or the user may not run PING)"
        )
