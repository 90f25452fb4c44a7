"""OpenAI-compatible chat completions: OpenAI, Azure OpenAI, vLLM, llama.cpp server, Ollama."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import httpx

from infra_mind.adapters.llm.http import post_json, raise_for_status, transport_error
from infra_mind.adapters.llm.openai_wire import (
    DEFAULT_FORMS,
    Reply,
    SchemaForm,
    build_body,
    parse_reply,
    parse_stream,
)
from infra_mind.domain.errors import PermanentError, TransientError
from infra_mind.ports.llm import Completion, CompletionRequest, TokenUsage

# Statuses with which servers refuse a request shape they do not support.
_REFUSED_FORM = frozenset({400, 404, 415, 422, 501})
# Words in an error that blame the structured-output parameters: llama-cpp-python's server
# answers an unsupported response_format with HTTP 500 and its validation error.
_FORM_WORDS = ("response_format", "json_schema", "tool_choice", "tools")


def _refuses(form: SchemaForm, error: PermanentError | TransientError) -> bool:
    """Whether ``error`` is the server refusing ``form`` (so the next form may work)."""
    if form is SchemaForm.PROMPT:
        return False
    if isinstance(error, PermanentError):
        return error.status in _REFUSED_FORM
    blamed = any(word in error.message for word in _FORM_WORDS)
    return error.status is not None and error.status >= 500 and blamed


class OpenAICompatibleProvider:
    """Chat completions over a pooled ``httpx.AsyncClient`` whose ``base_url`` is the API root
    (``https://api.openai.com/v1``, ``http://host:8000/v1``; for Azure the resource endpoint).

    Structured output is asked for in the first of ``schema_forms`` the server accepts; when a
    server refuses a form (4xx) the next one is tried and the choice is kept for later calls.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        model: str,
        api_key: str | None = None,
        name: str = "openai",
        azure_deployment: str | None = None,
        azure_api_version: str | None = None,
        stream: bool = False,
        schema_forms: Sequence[SchemaForm] = DEFAULT_FORMS,
        merge_system: bool = False,
    ) -> None:
        if not schema_forms:
            raise ValueError("schema_forms needs at least one form")
        self._client = client
        self.model = model
        self._name = name
        self._stream = stream
        self._forms = tuple(schema_forms)
        self._merge_system = merge_system
        self._form_index = 0
        self._headers: dict[str, str] = {}
        self._params: dict[str, str] | None = None
        if azure_deployment:
            self._url = f"openai/deployments/{azure_deployment}/chat/completions"
            self._params = {"api-version": azure_api_version or "2024-10-21"}
            if api_key:
                self._headers["api-key"] = api_key
        else:
            self._url = "chat/completions"
            if api_key:
                self._headers["authorization"] = f"Bearer {api_key}"

    @property
    def name(self) -> str:
        return self._name

    @property
    def schema_form(self) -> SchemaForm:
        """The structured-output form this provider currently uses."""
        return self._forms[self._form_index]

    async def complete(self, request: CompletionRequest) -> Completion:
        if request.json_schema is None:
            reply, latency = await self._call(request, None)
            return self._completion(reply, latency, None, ())
        notes: list[str] = []
        wasted = TokenUsage()
        while True:
            form = self.schema_form
            try:
                reply, latency = await self._call(request, form)
            except (PermanentError, TransientError) as exc:
                if not _refuses(form, exc) or not self._downgrade(form, exc.message, notes):
                    raise
                continue
            if form is SchemaForm.TOOL and not reply.tool_arguments and not _is_json(reply.content):
                wasted = _plus(wasted, reply)
                if self._downgrade(form, "answered without the forced tool call", notes):
                    continue
            completion = self._completion(reply, latency, form, tuple(notes))
            usage = TokenUsage(
                input_tokens=completion.usage.input_tokens + wasted.input_tokens,
                output_tokens=completion.usage.output_tokens + wasted.output_tokens,
            )
            return completion.model_copy(update={"usage": usage})

    def _downgrade(self, form: SchemaForm, why: str, notes: list[str]) -> bool:
        """Move past ``form``; False when no form is left to try."""
        if self.schema_form != form:
            return True  # a concurrent call has moved on already
        if self._form_index + 1 >= len(self._forms):
            return False
        self._form_index += 1
        notes.append(
            f"{self._name} does not take structured-output form {form.value} ({why}); "
            f"using {self.schema_form.value} from now on"
        )
        return True

    async def _call(
        self, request: CompletionRequest, form: SchemaForm | None
    ) -> tuple[Reply, float]:
        body = build_body(request, self.model, form, self._stream, self._merge_system)
        if not self._stream:
            data, latency = await post_json(
                self._client,
                self._name,
                self._url,
                body,
                headers=self._headers,
                params=self._params,
                timeout_s=request.timeout_s,
            )
            return parse_reply(self._name, data), latency
        started = time.perf_counter()
        try:
            async with self._client.stream(
                "POST",
                self._url,
                json=body,
                headers=self._headers,
                params=self._params,
                timeout=request.timeout_s,
            ) as response:
                if response.status_code >= 400:
                    raise_for_status(self._name, response, await response.aread())
                reply = await parse_stream(self._name, response.aiter_lines())
        except httpx.HTTPError as exc:
            raise transport_error(self._name, exc) from exc
        return reply, (time.perf_counter() - started) * 1000

    def _completion(
        self, reply: Reply, latency: float, form: SchemaForm | None, notes: tuple[str, ...]
    ) -> Completion:
        parsed: dict[str, Any] | None = None
        text = reply.content
        if form is SchemaForm.TOOL and reply.tool_arguments:
            text = reply.tool_arguments[0]
        if form is not None:
            parsed = _json_object(text)
        if reply.finish_reason == "length":
            notes = (*notes, f"{self._name}: output cut at max_tokens")
        if not reply.usage_reported:
            notes = (*notes, f"{self._name}: server reported no token usage")
        return Completion(
            text=text,
            parsed=parsed,
            usage=TokenUsage(input_tokens=reply.input_tokens, output_tokens=reply.output_tokens),
            provider=self._name,
            model=reply.model or self.model,
            latency_ms=latency,
            notes=notes,
        )


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _is_json(text: str) -> bool:
    return _json_object(text) is not None


def _plus(usage: TokenUsage, reply: Reply) -> TokenUsage:
    return TokenUsage(
        input_tokens=usage.input_tokens + reply.input_tokens,
        output_tokens=usage.output_tokens + reply.output_tokens,
    )
