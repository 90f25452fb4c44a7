"""MongoDB connection settings (``INFRA_MIND_MONGO__*``)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, Field, field_validator, model_validator


class MongoSettings(BaseModel):
    """How to reach MongoDB. ``url`` may be any connection string, replica-set and
    ``mongodb+srv://`` included; the options below override the same ones in it."""

    url: str = Field(default="mongodb://127.0.0.1:27017", repr=False)
    database: str = Field(default="infra_mind", min_length=1, pattern=r"^[^/\\. \"$]+$")
    max_pool_size: int = Field(default=100, ge=1)
    min_pool_size: int = Field(default=0, ge=0)
    max_idle_time_ms: int = Field(default=300_000, ge=1)
    server_selection_timeout_ms: int = Field(default=5_000, ge=1)
    # A server that accepted the connection but stopped answering (frozen, partitioned)
    # fails the call after this long: StorageUnavailable, HTTP 503 + Retry-After.
    socket_timeout_ms: int = Field(default=5_000, ge=1)
    connect_timeout_ms: int = Field(default=2_000, ge=1)
    appname: str = Field(default="infra-mind", min_length=1)
    write_concern: str = "majority"
    read_concern: Literal["local", "available", "majority", "linearizable", "snapshot"] = "majority"
    retry_writes: bool = True

    @field_validator("url")
    @classmethod
    def _is_mongodb_url(cls, value: str) -> str:
        if not value.startswith(("mongodb://", "mongodb+srv://")):
            raise ValueError("must start with mongodb:// or mongodb+srv://")
        return value

    @field_validator("write_concern")
    @classmethod
    def _is_write_concern(cls, value: str) -> str:
        if value != "majority" and not value.isdigit():
            raise ValueError("must be 'majority' or a number of members, such as '1'")
        return value

    @model_validator(mode="after")
    def _pool_bounds(self) -> Self:
        if self.min_pool_size > self.max_pool_size:
            raise ValueError("min_pool_size cannot exceed max_pool_size")
        return self

    def write_concern_w(self) -> int | str:
        return int(self.write_concern) if self.write_concern.isdigit() else self.write_concern
