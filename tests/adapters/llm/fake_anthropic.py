"""Anthropic Messages as the fake server speaks it: request checks, answers, errors."""

from __future__ import annotations

import itertools
from typing import Any

from tests.adapters.llm.fake_server import FakeLLMServer, Reply, Seen


def anthropic_error(
    handler: Any, status: int, kind: str, message: str, headers: dict[str, str] | None = None
) -> None:
    handler.send_json(
        status, {"type": "error", "error": {"type": kind, "message": message}}, headers
    )


def anthropic_problem(body: dict[str, Any]) -> str | None:
    if "_unparseable" in body:
        return "Invalid JSON in request body"
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            return f"{name}: Field required"
    messages = body["messages"]
    if not messages or messages[0].get("role") != "user":
        return 'messages: first message must use the "user" role'
    for before, after in itertools.pairwise(messages):
        if before.get("role") == after.get("role"):
            return 'messages: roles must alternate between "user" and "assistant"'
    for message in messages:
        if message.get("role") not in ("user", "assistant"):
            role = message.get("role")
            return f'messages: Unexpected role "{role}"; use the top-level system parameter'
    choice = body.get("tool_choice")
    if choice and choice.get("type") == "tool":
        if choice.get("name") not in [t.get("name") for t in body.get("tools") or []]:
            return "tool_choice: tool not found in tools"
        for tool in body.get("tools") or []:
            if (tool.get("input_schema") or {}).get("type") != "object":
                return "tools.0.input_schema.type: Input should be 'object'"
    return None


def anthropic(server: FakeLLMServer, handler: Any, seen: Seen, reply: Reply) -> None:
    if seen.headers.get("x-api-key") != server.anthropic_key:
        return anthropic_error(handler, 401, "authentication_error", "invalid x-api-key")
    if "anthropic-version" not in seen.headers:
        return anthropic_error(
            handler, 400, "invalid_request_error", "anthropic-version: header is required"
        )
    problem = anthropic_problem(seen.body)
    if problem:
        return anthropic_error(handler, 400, "invalid_request_error", problem)
    if reply.raw is not None:
        return handler.send_json(reply.status, reply.raw, reply.headers)
    if reply.status != 200:
        kind = {429: "rate_limit_error", 529: "overloaded_error"}.get(reply.status, "api_error")
        return anthropic_error(
            handler, reply.status, kind, reply.error or "Internal server error", reply.headers
        )
    body = seen.body
    choice = body.get("tool_choice") or {}
    if choice.get("type") == "tool" and not reply.skip_tool_call:
        obj = reply.obj if reply.obj is not None else server.default_obj
        content = [{"type": "tool_use", "id": "toolu_01", "name": choice["name"], "input": obj}]
        stop = "tool_use"
    else:
        content = [{"type": "text", "text": reply.content or server.default_text}]
        stop = "end_turn"
    handler.send_json(
        200,
        {
            "id": "msg_01",
            "type": "message",
            "role": "assistant",
            "model": server.model,
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": server.input_tokens, "output_tokens": server.output_tokens},
        },
        reply.headers,
    )
