"""Redis settings (``INFRA_MIND_REDIS__*``): a URL, or Sentinel addresses and master name."""

from __future__ import annotations

from pydantic import BaseModel, Field

from infra_mind.adapters.env_types import CommaList


class RedisSettings(BaseModel):
    url: str = "redis://127.0.0.1:6379/0"
    sentinels: CommaList = Field(default_factory=list)
    sentinel_master: str = "mymaster"
    key_prefix: str = "infra-mind"
