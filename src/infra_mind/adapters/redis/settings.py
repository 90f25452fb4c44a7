"""Redis settings (``INFRA_MIND_REDIS__*``): a URL, or Sentinel addresses and master name."""

from __future__ import annotations

from pydantic import BaseModel, Field

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
