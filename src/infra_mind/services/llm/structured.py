"""Structured output: parse what a model wrote, check it against the schema, ask once for a fix."""

from __future__ import annotations

import json
import re
from typing import Any

from infra_mind.ports.llm import Completion, CompletionRequest, Message, Role
from infra_mind.services.llm.schema import validate

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)
MAX_ERRORS_SHOWN = 10


class InvalidStructuredOutput(Exception):
    """The provider's output is not a JSON object valid against the request's schema."""

    def __init__(self, provider: str, errors: list[str]) -> None:
        self.provider = provider
        self.errors = errors
        super().__init__(f"{provider}: output invalid against schema: {'; '.join(errors[:3])}")


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in ``text``: the whole text, a fenced block, or the outermost braces."""
    candidates = [text.strip(), *(m.strip() for m in _FENCE.findall(text))]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def check(
    completion: Completion, schema: dict[str, Any]
) -> tuple[dict[str, Any] | None, list[str]]:
    """The parsed object of ``completion`` and its violations of ``schema`` (empty if valid)."""
    parsed = (
        completion.parsed if completion.parsed is not None else parse_json_object(completion.text)
    )
    if parsed is None:
        return None, ["$: output is not a JSON object"]
    return parsed, validate(parsed, schema)


def repair_request(
    request: CompletionRequest, completion: Completion, errors: list[str]
) -> CompletionRequest:
    """``request`` plus the invalid answer and its errors, asking for a corrected object."""
    shown = "\n".join(f"- {e}" for e in errors[:MAX_ERRORS_SHOWN])
    fix = (
        "Your previous answer is not valid against the required JSON Schema:\n"
        f"{shown}\n"
        "Answer again with only the corrected JSON object, valid against this schema:\n"
        f"{json.dumps(request.json_schema, sort_keys=True)}"
    )
    messages = (
        *request.messages,
        Message(role=Role.ASSISTANT, content=completion.text or "(no output)"),
        Message(role=Role.USER, content=fix),
    )
    return request.model_copy(update={"messages": messages})
