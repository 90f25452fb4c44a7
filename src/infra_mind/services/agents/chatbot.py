"""Chatbot: the grounded Q&A index over the assessment's facts (flattened, citeable entries)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from infra_mind.domain.facts import ChatbotFacts, DataValidationFacts
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.domain.workflow import DATA_VALIDATION, AgentRole
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import output

MAX_ENTRIES = 400
INSTRUCTIONS = (
    "Tell the team, in two sentences, what the assessment's question-answering index "
    "covers and how many facts it holds."
)
SOURCE = SourceRef(kind="input", ref="data_validation.facts")


def flatten(facts: Mapping[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """Every leaf fact as {key, value}; the key is the dotted path the answer cites."""
    out: list[dict[str, Any]] = []
    for k, v in facts.items():
        path = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, Mapping):
            out += flatten(v, path)
        elif isinstance(v, list) and any(isinstance(x, Mapping) for x in v):
            for i, x in enumerate(v):
                out += flatten(x if isinstance(x, Mapping) else {"value": x}, f"{path}.{i}")
        else:
            out.append({"key": path, "value": v})
    return out


class ChatbotAgent:
    name = AgentRole.CHATBOT.value
    reads: ClassVar[tuple[str, ...]] = (DATA_VALIDATION,)

    async def run(self, ctx: AgentContext) -> AgentOutput:
        validated = ctx.facts(DATA_VALIDATION, DataValidationFacts)
        data = validated.model_dump(mode="json") if validated is not None else {}
        entries = flatten({"input": data})[:MAX_ENTRIES]
        facts = ChatbotFacts(
            index_entries=len(entries),
            index=entries,
            scope=(
                "validated input facts; agent facts are indexed at question time by the chat "
                "service"
            ),
        )
        summary = facts.model_copy(update={"index": []})
        narrated = await output(ctx, self.name, INSTRUCTIONS, summary, [SOURCE])
        return narrated.model_copy(update={"facts": facts.model_dump(mode="json")})
