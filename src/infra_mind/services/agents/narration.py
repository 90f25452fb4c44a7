"""The narrator: the one way agents reach the LLM, under a concurrency limit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio

from infra_mind.ports.llm import Completion, LLMProvider, Purpose
from infra_mind.services.llm.prompt import build_request


@dataclass(frozen=True)
class Narration:
    text: str
    provider: str
    model: str
    tokens: int = 0
    cost_usd: float = 0.0
    notes: list[str] = field(default_factory=list)
    parsed: dict[str, Any] | None = None

    @classmethod
    def of(cls, completion: Completion) -> Narration:
        # the router's notes already say which provider failed and who answered instead
        return cls(
            text=completion.text,
            provider=completion.provider,
            model=completion.model,
            tokens=completion.usage.total_tokens,
            cost_usd=completion.cost_usd,
            notes=list(completion.notes),
            parsed=completion.parsed,
        )


class Narrator:
    """Writes prose around facts it never changes. User free text goes only into
    the prompt's escaped data block (the prompt builder's guarantee)."""

    def __init__(self, llm: LLMProvider, max_concurrency: int = 4) -> None:
        self._llm = llm
        self._limiter = anyio.CapacityLimiter(max_concurrency)

    async def narrate(
        self,
        *,
        tenant_id: str,
        assessment_id: str | None,
        agent: str,
        instructions: str,
        facts: Mapping[str, Any],
        user_text: Mapping[str, str] | None = None,
        purpose: Purpose = Purpose.NARRATIVE,
        max_tokens: int = 700,
        json_schema: dict[str, Any] | None = None,
    ) -> Narration:
        request = build_request(
            instructions,
            facts,
            user_text,
            tenant_id=tenant_id,
            purpose=purpose,
            assessment_id=assessment_id,
            agent=agent,
            max_tokens=max_tokens,
            json_schema=json_schema,
        )
        async with self._limiter:
            completion = await self._llm.complete(request)
        return Narration.of(completion)
