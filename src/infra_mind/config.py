"""Settings from the environment (prefix ``INFRA_MIND_``, nesting ``__``, optional ``.env``).

Read only by the container. ``load_settings`` turns any validation error into
one ``ConfigurationError`` that names the environment variable at fault.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from infra_mind.adapters.auth.settings import AuthSettings
from infra_mind.adapters.catalog.settings import CatalogSettings
from infra_mind.adapters.env_types import CommaList
from infra_mind.adapters.llm.settings import LLMSettings
from infra_mind.adapters.mongo.settings import MongoSettings
from infra_mind.adapters.redis.settings import RedisSettings

ENV_PREFIX = "INFRA_MIND_"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "infra-mind"


class StorageSettings(BaseModel):
    backend: Literal["sqlite", "memory", "mongo"] = "sqlite"
    sqlite_file: str = "infra-mind.db"
    # How long a call waits for another process's lock on the SQLite file before the
    # request answers 503 (and a job is retried by the reconciler).
    sqlite_busy_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # How long an Idempotency-Key is remembered (docs/api.md).
    idempotency_ttl_s: float = Field(default=24 * 3600.0, gt=0)


class QueueSettings(BaseModel):
    backend: Literal["inprocess", "arq"] = "inprocess"
    concurrency: int = Field(default=8, ge=1, le=1000)
    # Leases and the reconciler drive crash recovery (see docs/workers.md).
    lease_ttl_s: float = Field(default=10.0, gt=0)
    heartbeat_s: float = Field(default=3.0, gt=0)
    reconcile_s: int = Field(default=5, ge=1, le=60)
    job_timeout_s: float = Field(default=3600.0, gt=0)


class AdmissionLimits(BaseModel):
    # Queued + running assessments accepted before submissions get 429 + Retry-After
    # (docs/benchmarks.md: the defaults are about a minute of work at the measured rate).
    max_queued: int = Field(default=300, ge=1)
    max_queued_per_tenant: int = Field(default=200, ge=1)
    assumed_completions_per_s: float = Field(default=5.0, gt=0)
    refresh_s: float = Field(default=0.5, gt=0)


class LimitsSettings(BaseModel):
    """Request rate limits and the default tenant quotas (docs/security.md, "Rate limits,
    quotas and usage")."""

    # Requests per principal and per tenant in a fixed window opened by the first request.
    rate_limits: bool = True
    window_s: int = Field(default=60, ge=1, le=3600)
    per_principal: int = Field(default=1200, ge=1)
    per_tenant: int = Field(default=6000, ge=1)
    # Quotas of a tenant whose record sets none (``infra-mind tenants quotas``).
    assessments_per_month: int = Field(default=10_000, ge=0)
    concurrent_assessments: int = Field(default=200, ge=0)
    llm_spend_cents_per_month: int = Field(default=50_000, ge=0)


class EngineSettings(BaseModel):
    node_timeout_s: float = Field(default=120.0, gt=0)
    max_attempts: int = Field(default=3, ge=1, le=10)
    backoff_base_s: float = Field(default=0.5, ge=0)
    backoff_max_s: float = Field(default=8.0, ge=0)
    control_poll_s: float = Field(default=0.5, gt=0)
    # Threads that compute deployment analyses off the event loop (adapters/inprocess/compute.py).
    compute_threads: int = Field(default=2, ge=1, le=64)


class ReportsSettings(BaseModel):
    # render work (table rows + 25 per chart, times the format's weight: PDF 5, HTML and
    # Word 1, Excel 0.5, Markdown 0.1) above which a render goes to the reports queue
    # when the queue is arq (docs/reports.md)
    queue_above: float = Field(default=500.0, ge=0)
    cache_ttl_s: float = Field(default=24 * 3600.0, gt=0)


class HttpSettings(BaseModel):
    """Browser-facing rules (``INFRA_MIND_HTTP__*``)."""

    # Origins allowed for CORS, and for WebSocket / Server-Sent Events connections
    # made by a browser (which always sends ``Origin``); empty means none.
    allowed_origins: CommaList = Field(default_factory=list)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)
    # A request body not complete this long after the request began is answered 408 and
    # its connection closed (stalled uploads must not hold connections forever).
    read_timeout_s: float = Field(default=10.0, gt=0, le=300)
    # Strict-Transport-Security max-age; set it when TLS terminates in front of the API.
    hsts_max_age_s: int = Field(default=0, ge=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=_default_data_dir)
    default_tenant: str = Field(default="default", min_length=1)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    engine: EngineSettings = Field(default_factory=EngineSettings)
    admission: AdmissionLimits = Field(default_factory=AdmissionLimits)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    reports: ReportsSettings = Field(default_factory=ReportsSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    mongo: MongoSettings = Field(default_factory=MongoSettings)
    catalog: CatalogSettings = Field(default_factory=CatalogSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)


class ConfigurationError(Exception):
    """Settings that cannot work; the message names each variable and why."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            variable = ENV_PREFIX + "__".join(str(p) for p in err["loc"]).upper()
            # The value is never echoed: it may be a key or a URL with a password.
            problems.append(f"{variable}: {err['msg']}")
        raise ConfigurationError("invalid settings: " + "; ".join(problems)) from None
