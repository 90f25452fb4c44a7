"""LLM provider port: one completion call, whatever the vendor behind it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: Role
    content: str


class Purpose(StrEnum):
    """What the completion is for; the offline provider writes by purpose."""

    NARRATIVE = "narrative"
    CHAT = "chat"
    STRUCTURED = "structured"


class CompletionRequest(BaseModel):
    """A request to write text (or a schema-valid object) around known facts.

    ``facts`` is the same structured data the prompt builder rendered into the
    data block of ``messages``; providers that cannot read prose (the offline
    one) write from it directly.
    """

    model_config = ConfigDict(frozen=True)

    messages: tuple[Message, ...]
    purpose: Purpose = Purpose.NARRATIVE
    facts: dict[str, Any] = Field(default_factory=dict)
    json_schema: dict[str, Any] | None = None
    schema_name: str = "result"
    max_tokens: int = Field(default=800, ge=1, le=32_000)
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    timeout_s: float = Field(default=60.0, gt=0)
    tenant_id: str
    assessment_id: str | None = None
    agent: str | None = None


class TokenUsage(BaseModel):
    model_config = ConfigDict(frozen=True)

    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


class Completion(BaseModel):
    """What a provider wrote, with who wrote it and what it cost."""

    model_config = ConfigDict(frozen=True)

    text: str
    parsed: dict[str, Any] | None = None
    usage: TokenUsage = Field(default_factory=TokenUsage)
    cost_usd: float = 0.0
    provider: str
    model: str
    latency_ms: float = 0.0
    cached: bool = False
    fallback_from: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@runtime_checkable
class LLMProvider(Protocol):
    """Writes one completion.

    Raises ``infra_mind.domain.errors.TransientError`` for failures worth
    retrying (429, 5xx, timeouts, connection errors; ``retry_after_s`` set when
    the server said so) and ``PermanentError`` for the rest (bad request,
    authentication, a schema the server refuses). Never changes a number in
    ``facts``: callers treat the text as narrative only.
    """

    @property
    def name(self) -> str: ...

    async def complete(self, request: CompletionRequest) -> Completion: ...
