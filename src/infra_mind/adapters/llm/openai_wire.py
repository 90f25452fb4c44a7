"""OpenAI chat-completions wire format: request bodies per schema form, and response parsing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from infra_mind.domain.errors import TransientError
from infra_mind.ports.llm import CompletionRequest, Role


class SchemaForm(StrEnum):
    """Ways to ask an OpenAI-compatible server for JSON, most to least native."""

    JSON_SCHEMA = "json_schema"  # response_format json_schema (OpenAI, Azure, vLLM, Ollama)
    TOOL = "tool"  # a forced function call whose parameters are the schema
    JSON_OBJECT_SCHEMA = "json_object_schema"  # {"type": "json_object", "schema": …} (llama.cpp)
    JSON_OBJECT = "json_object"  # JSON mode, schema in the prompt
    PROMPT = "prompt"  # schema in the prompt only


DEFAULT_FORMS = tuple(SchemaForm)


def schema_instruction(request: CompletionRequest) -> str:
    return (
        "Answer with only a JSON object, no prose and no code fence, valid against this "
        f"JSON Schema:\n{json.dumps(request.json_schema, sort_keys=True)}"
    )


def build_body(
    request: CompletionRequest,
    model: str,
    form: SchemaForm | None,
    stream: bool,
    merge_system: bool = False,
) -> dict[str, Any]:
    """The request body; ``merge_system`` folds system text into the first user turn, for chat
    templates that drop system messages (Gemma's)."""
    schema = request.json_schema
    messages = [{"role": m.role.value, "content": m.content} for m in request.messages]
    prompted = (SchemaForm.JSON_OBJECT_SCHEMA, SchemaForm.JSON_OBJECT, SchemaForm.PROMPT)
    if schema is not None and form in prompted:
        instruction = {"role": Role.SYSTEM.value, "content": schema_instruction(request)}
        messages = [instruction, *messages]
    body: dict[str, Any] = {
        "model": model,
        "messages": _merged(messages) if merge_system else messages,
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
    }
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    if form is None or schema is None:
        return body
    if form is SchemaForm.JSON_SCHEMA:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": schema, "strict": False},
        }
    elif form is SchemaForm.TOOL:
        body["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": request.schema_name,
                    "description": "Return the result as structured data.",
                    "parameters": schema,
                },
            }
        ]
        body["tool_choice"] = {"type": "function", "function": {"name": request.schema_name}}
    elif form is SchemaForm.JSON_OBJECT_SCHEMA:
        body["response_format"] = {"type": "json_object", "schema": schema}
    elif form is SchemaForm.JSON_OBJECT:
        body["response_format"] = {"type": "json_object"}
    return body


def _merged(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    system = "\n\n".join(m["content"] for m in messages if m["role"] == Role.SYSTEM.value)
    rest = [dict(m) for m in messages if m["role"] != Role.SYSTEM.value]
    if not system:
        return rest
    if rest and rest[0]["role"] == Role.USER.value:
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
        return rest
    return [{"role": Role.USER.value, "content": system}, *rest]


@dataclass
class Reply:
    """What one chat-completions answer said, streamed or not."""

    content: str = ""
    tool_arguments: list[str] = field(default_factory=list)
    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    finish_reason: str | None = None
    usage_reported: bool = False

    def add_usage(self, usage: Any) -> None:
        if isinstance(usage, dict):
            self.input_tokens = int(usage.get("prompt_tokens") or 0)
            self.output_tokens = int(usage.get("completion_tokens") or 0)
            self.usage_reported = True


def parse_reply(provider: str, body: dict[str, Any]) -> Reply:
    try:
        choice = body["choices"][0]
        message = choice["message"]
        reply = Reply(
            content=message.get("content") or "",
            tool_arguments=[
                str(call["function"].get("arguments") or "")
                for call in message.get("tool_calls") or []
            ],
            model=body.get("model"),
            finish_reason=choice.get("finish_reason"),
        )
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise TransientError(f"{provider}: unexpected response shape: {exc!r}", status=200) from exc
    reply.add_usage(body.get("usage"))
    return reply


async def parse_stream(provider: str, lines: AsyncIterator[str]) -> Reply:
    """Fold server-sent ``chat.completion.chunk`` events into one reply."""
    reply = Reply()
    done = False
    async for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            done = True
            break
        try:
            chunk = json.loads(data)
        except ValueError as exc:
            raise TransientError(f"{provider}: malformed stream chunk: {exc}", status=200) from exc
        if "error" in chunk:
            # The upstream's own text stays out of the note (see http.raise_for_status).
            raise TransientError(f"{provider}: error in stream: upstream error", status=200)
        reply.model = chunk.get("model") or reply.model
        reply.add_usage(chunk.get("usage"))
        for choice in chunk.get("choices") or []:
            _fold_delta(reply, choice)
    if not done and reply.finish_reason is None:
        raise TransientError(f"{provider}: stream ended before it finished", status=200)
    return reply


def _fold_delta(reply: Reply, choice: dict[str, Any]) -> None:
    delta = choice.get("delta") or {}
    reply.content += delta.get("content") or ""
    for call in delta.get("tool_calls") or []:
        index = int(call.get("index", 0))
        while len(reply.tool_arguments) <= index:
            reply.tool_arguments.append("")
        reply.tool_arguments[index] += (call.get("function") or {}).get("arguments") or ""
    reply.finish_reason = choice.get("finish_reason") or reply.finish_reason
