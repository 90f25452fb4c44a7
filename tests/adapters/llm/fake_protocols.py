"""OpenAI chat completions as the fake server speaks it: request checks, answers, errors."""

from __future__ import annotations

import json
from typing import Any

from tests.adapters.llm.fake_anthropic import anthropic
from tests.adapters.llm.fake_server import FakeLLMServer, Reply, Seen, openai_form


def dispatch(server: FakeLLMServer, handler: Any, seen: Seen, reply: Reply) -> None:
    if seen.path == "/v1/chat/completions":
        if seen.headers.get("authorization") != f"Bearer {server.openai_key}":
            return openai_error(
                handler,
                401,
                "Incorrect API key provided.",
                "invalid_request_error",
                "invalid_api_key",
            )
        return openai(server, handler, seen, reply)
    if seen.path.startswith("/openai/deployments/") and seen.path.endswith("/chat/completions"):
        deployment = seen.path.split("/")[3]
        if seen.headers.get("api-key") != server.openai_key:
            return openai_error(
                handler, 401, "Access denied due to invalid subscription key.", None, "401"
            )
        if "api-version" not in seen.query:
            return openai_error(handler, 404, "Resource not found", None, "404")
        if deployment != server.azure_deployment:
            return openai_error(
                handler,
                404,
                "The API deployment for this resource does not exist.",
                None,
                "DeploymentNotFound",
            )
        return openai(server, handler, seen, reply)
    if seen.path == "/v1/messages":
        return anthropic(server, handler, seen, reply)
    return handler.send_json(
        404, {"error": {"message": f"no route {seen.path}", "type": "invalid_request_error"}}
    )


# ---- OpenAI chat completions -------------------------------------------------------------


def openai_error(
    handler: Any,
    status: int,
    message: str,
    kind: str | None,
    code: str | None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    handler.send_json(status, body, headers)


def openai_problem(body: dict[str, Any]) -> str | None:
    if "_unparseable" in body:
        return "We could not parse the JSON body of your request."
    if not body.get("model"):
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    for message in messages:
        if message.get("role") not in ("system", "user", "assistant", "tool", "developer"):
            return f"Invalid value for 'messages.role': {message.get('role')!r}"
    fmt = body.get("response_format")
    if fmt and fmt.get("type") == "json_schema" and not (fmt.get("json_schema") or {}).get("name"):
        return "Missing required parameter: 'response_format.json_schema.name'."
    wants_json = fmt and fmt.get("type") == "json_object"
    if wants_json and not any("json" in str(m.get("content", "")).lower() for m in messages):
        return (
            "'messages' must contain the word 'json' in some form, to use 'response_format' "
            "of type 'json_object'."
        )
    return None


def openai(server: FakeLLMServer, handler: Any, seen: Seen, reply: Reply) -> None:
    body = seen.body
    problem = openai_problem(body)
    if problem:
        return openai_error(handler, 400, problem, "invalid_request_error", None)
    form = openai_form(body)
    if form in server.reject_forms:
        if server.reject_status == 500:  # llama-cpp-python's server: validation error as a 500
            message = (
                "1 validation error: body.response_format.type: "
                "Input should be 'text' or 'json_object'"
            )
            return openai_error(handler, 500, message, "internal_server_error", None)
        if server.reject_status == 422:
            detail = [
                {
                    "type": "literal_error",
                    "loc": ["body", "response_format", "type"],
                    "msg": "Input should be 'text' or 'json_object'",
                    "input": form,
                }
            ]
            return handler.send_json(422, {"detail": detail})
        return openai_error(
            handler,
            400,
            f"Invalid parameter: structured output form '{form}' is not supported with this model.",
            "invalid_request_error",
            None,
            "response_format",
        )
    if reply.raw is not None:
        return handler.send_json(reply.status, reply.raw, reply.headers)
    if reply.status != 200:
        kind = "rate_limit_exceeded" if reply.status == 429 else reply.error_type
        return openai_error(
            handler,
            reply.status,
            reply.error or "The server had an error.",
            kind,
            None,
            headers=reply.headers,
        )
    content, tool_args = openai_answer(server, body, form, reply)
    if body.get("stream"):
        return handler.send_events(
            openai_events(server, body, content, tool_args, reply), reply.headers
        )
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    finish = "stop"
    if tool_args is not None:
        name = body["tool_choice"]["function"]["name"]
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": tool_args}}
        ]
        finish = "tool_calls"
    handler.send_json(
        200,
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": server.model,
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
            ],
            "usage": usage(server),
            "system_fingerprint": "fp_test",
        },
        reply.headers,
    )


def usage(server: FakeLLMServer) -> dict[str, int]:
    total = server.input_tokens + server.output_tokens
    return {
        "prompt_tokens": server.input_tokens,
        "completion_tokens": server.output_tokens,
        "total_tokens": total,
    }


def openai_answer(
    server: FakeLLMServer, body: dict[str, Any], form: str, reply: Reply
) -> tuple[str | None, str | None]:
    structured = form != "prompt" or reply.obj is not None
    obj = reply.obj if reply.obj is not None else server.default_obj
    if form == "tool" and not reply.skip_tool_call:
        return None, json.dumps(obj)
    if reply.content is not None:
        return reply.content, None
    return (json.dumps(obj) if structured else server.default_text), None


def openai_events(
    server: FakeLLMServer,
    body: dict[str, Any],
    content: str | None,
    tool_args: str | None,
    reply: Reply,
) -> list[str]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return json.dumps(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion.chunk",
                "created": 1_700_000_000,
                "model": server.model,
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
        )

    events = [chunk({"role": "assistant", "content": ""})]
    if tool_args is not None:
        name = body["tool_choice"]["function"]["name"]
        events.append(
            chunk(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": name, "arguments": ""},
                        }
                    ]
                }
            )
        )
        events += [
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
            for piece in pieces(tool_args)
        ]
        events.append(chunk({}, "tool_calls"))
    else:
        events += [chunk({"content": piece}) for piece in pieces(content or "")]
        events.append(chunk({}, "stop"))
    if reply.cut_stream:
        return events[:2]
    if (body.get("stream_options") or {}).get("include_usage"):
        events.append(
            json.dumps(
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion.chunk",
                    "created": 1_700_000_000,
                    "model": server.model,
                    "choices": [],
                    "usage": usage(server),
                }
            )
        )
    return [*events, "[DONE]"]


def pieces(text: str, count: int = 3) -> list[str]:
    step = max(len(text) // count, 1)
    return [text[i : i + step] for i in range(0, len(text), step)]
