"""Anthropic Messages API provider; structured output through a forced tool call."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from infra_mind.adapters.llm.http import post_json
from infra_mind.domain.errors import TransientError
from infra_mind.ports.llm import Completion, CompletionRequest, Role, TokenUsage

API_VERSION = "2023-06-01"
_TOOL_NAME = re.compile(r"[^a-zA-Z0-9_-]")


def tool_name(schema_name: str) -> str:
    """A tool name Anthropic accepts (``^[a-zA-Z0-9_-]{1,64}$``)."""
    return _TOOL_NAME.sub("_", schema_name)[:64] or "result"


def build_body(request: CompletionRequest, model: str) -> dict[str, Any]:
    """System messages go to ``system``; consecutive turns of one role are merged, and the
    conversation starts with a user turn, as the Messages API requires."""
    system = "\n\n".join(m.content for m in request.messages if m.role is Role.SYSTEM)
    turns: list[dict[str, Any]] = []
    for message in request.messages:
        if message.role is Role.SYSTEM:
            continue
        if turns and turns[-1]["role"] == message.role.value:
            turns[-1]["content"] += "\n\n" + message.content
        else:
            turns.append({"role": message.role.value, "content": message.content})
    if not turns or turns[0]["role"] != Role.USER.value:
        turns.insert(0, {"role": Role.USER.value, "content": "(see instructions)"})
    body: dict[str, Any] = {
        "model": model,
        "max_tokens": request.max_tokens,
        "temperature": min(request.temperature, 1.0),
        "messages": turns,
    }
    if system:
        body["system"] = system
    if request.json_schema is not None:
        name = tool_name(request.schema_name)
        body["tools"] = [
            {
                "name": name,
                "description": "Record the result as structured data.",
                "input_schema": request.json_schema,
            }
        ]
        body["tool_choice"] = {"type": "tool", "name": name}
    return body


class AnthropicProvider:
    """Messages API over a pooled ``httpx.AsyncClient`` whose ``base_url`` is the API root
    (``https://api.anthropic.com``)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        model: str,
        api_key: str | None,
        name: str = "anthropic",
        api_version: str = API_VERSION,
    ) -> None:
        self._client = client
        self.model = model
        self._name = name
        self._headers = {"anthropic-version": api_version}
        if api_key:
            self._headers["x-api-key"] = api_key

    @property
    def name(self) -> str:
        return self._name

    async def complete(self, request: CompletionRequest) -> Completion:
        data, latency = await post_json(
            self._client,
            self._name,
            "v1/messages",
            build_body(request, self.model),
            headers=self._headers,
            timeout_s=request.timeout_s,
        )
        try:
            blocks = data["content"]
            texts = [b["text"] for b in blocks if b.get("type") == "text"]
            inputs = [b["input"] for b in blocks if b.get("type") == "tool_use"]
            usage = data.get("usage") or {}
            tokens = TokenUsage(
                input_tokens=int(usage.get("input_tokens") or 0),
                output_tokens=int(usage.get("output_tokens") or 0),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise TransientError(
                f"{self._name}: unexpected response shape: {exc!r}", status=200
            ) from exc
        parsed = inputs[0] if inputs and isinstance(inputs[0], dict) else None
        text = "".join(texts)
        if parsed is not None:
            text = json.dumps(parsed, sort_keys=True)
        notes: tuple[str, ...] = ()
        if data.get("stop_reason") == "max_tokens":
            notes = (f"{self._name}: output cut at max_tokens",)
        return Completion(
            text=text,
            parsed=parsed,
            usage=tokens,
            provider=self._name,
            model=str(data.get("model") or self.model),
            latency_ms=latency,
            notes=notes,
        )
