"""OpenAICompatibleProvider against a local server speaking the chat-completions protocol."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from infra_mind.adapters.llm.clients import open_http_client
from infra_mind.adapters.llm.openai_compatible import OpenAICompatibleProvider
from infra_mind.adapters.llm.openai_wire import SchemaForm
from infra_mind.adapters.llm.settings import EndpointSettings
from infra_mind.domain.errors import PermanentError, TransientError
from tests.adapters.llm.conftest import SCHEMA, make_request
from tests.adapters.llm.fake_server import FakeLLMServer, Reply

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(fake: FakeLLMServer) -> AsyncIterator[httpx.AsyncClient]:
    endpoint = EndpointSettings(kind="openai", base_url=f"{fake.url}/v1")
    async with open_http_client(endpoint, timeout_s=5) as pooled:
        yield pooled


def provider(client: httpx.AsyncClient, **options: object) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(client, model="gpt-4o-mini", api_key="sk-test", **options)  # type: ignore[arg-type]


async def test_plain_completion_returns_text_usage_and_model(client, fake) -> None:
    completion = await provider(client).complete(make_request())

    assert completion.text == "Narrative from the fake model."
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (11, 7)
    assert completion.provider == "openai"
    assert completion.model == "gpt-4o-mini-2024-07-18"
    assert completion.latency_ms > 0


async def test_request_carries_model_roles_limits_and_bearer_key(client, fake) -> None:
    await provider(client).complete(make_request(max_tokens=123, temperature=0.5))

    seen = fake.requests[0]
    assert seen.headers["authorization"] == "Bearer sk-test"
    assert seen.body["model"] == "gpt-4o-mini"
    assert [m["role"] for m in seen.body["messages"]] == ["system", "user"]
    assert (seen.body["max_tokens"], seen.body["temperature"]) == (123, 0.5)
    assert "stream" not in seen.body


async def test_streamed_completion_is_assembled_from_chunks_with_usage(client, fake) -> None:
    fake.enqueue(Reply(content="Streaming works across several chunks."))

    completion = await provider(client, stream=True).complete(make_request())

    assert completion.text == "Streaming works across several chunks."
    assert completion.usage.total_tokens == 18
    assert fake.requests[0].body["stream"] is True


async def test_stream_that_ends_early_is_transient(client, fake) -> None:
    fake.enqueue(Reply(content="cut off here", cut_stream=True))

    with pytest.raises(TransientError, match="stream ended"):
        await provider(client, stream=True).complete(make_request())


async def test_json_schema_form_sends_the_schema_and_parses_the_object(client, fake) -> None:
    fake.enqueue(Reply(obj={"summary": "ok", "risk": "low"}))

    completion = await provider(client).complete(
        make_request(json_schema=SCHEMA, schema_name="plan")
    )

    fmt = fake.requests[0].body["response_format"]
    assert fmt == {
        "type": "json_schema",
        "json_schema": {"name": "plan", "schema": SCHEMA, "strict": False},
    }
    assert completion.parsed == {"summary": "ok", "risk": "low"}


@pytest.mark.parametrize("stream", [False, True])
async def test_tool_form_reads_the_forced_function_call(client, fake, stream) -> None:
    fake.enqueue(Reply(obj={"summary": "via tool", "risk": "high"}))
    chosen = provider(client, stream=stream, schema_forms=(SchemaForm.TOOL,))

    completion = await chosen.complete(make_request(json_schema=SCHEMA, schema_name="plan"))

    assert completion.parsed == {"summary": "via tool", "risk": "high"}
    assert fake.requests[0].body["tool_choice"] == {
        "type": "function",
        "function": {"name": "plan"},
    }


async def test_refused_forms_are_downgraded_once_and_remembered(client, fake) -> None:
    fake.reject_forms = {"json_schema", "tool"}
    chosen = provider(client)

    first = await chosen.complete(make_request(json_schema=SCHEMA))
    second = await chosen.complete(make_request(json_schema=SCHEMA))

    forms = [r.body.get("response_format", {}).get("type") for r in fake.requests]
    assert forms == ["json_schema", None, "json_object", "json_object"]
    assert fake.requests[2].body["response_format"]["schema"] == SCHEMA
    assert chosen.schema_form is SchemaForm.JSON_OBJECT_SCHEMA
    assert first.parsed == fake.default_obj == second.parsed
    assert any("json_schema" in note for note in first.notes)
    assert second.notes == ()


async def test_fastapi_style_422_refusal_also_downgrades(client, fake) -> None:
    fake.reject_forms = {"json_schema", "tool", "json_object_schema"}
    fake.reject_status = 422
    chosen = provider(client)

    completion = await chosen.complete(make_request(json_schema=SCHEMA))

    assert chosen.schema_form is SchemaForm.JSON_OBJECT
    assert completion.parsed == fake.default_obj
    assert "JSON Schema" in fake.requests[-1].body["messages"][0]["content"]


async def test_llama_cpp_style_500_blaming_response_format_downgrades(client, fake) -> None:
    fake.reject_forms = {"json_schema"}
    fake.reject_status = 500
    chosen = provider(client)

    completion = await chosen.complete(make_request(json_schema=SCHEMA))

    assert chosen.schema_form is SchemaForm.TOOL
    assert completion.parsed == fake.default_obj


async def test_plain_500_is_not_mistaken_for_a_refused_form(client, fake) -> None:
    fake.enqueue(Reply(status=500, error="The server had an error."))
    chosen = provider(client)

    with pytest.raises(TransientError):
        await chosen.complete(make_request(json_schema=SCHEMA))
    assert chosen.schema_form is SchemaForm.JSON_SCHEMA


async def test_merge_system_folds_instructions_into_the_first_user_turn(client, fake) -> None:
    await provider(client, merge_system=True).complete(make_request())

    messages = fake.requests[0].body["messages"]
    assert [m["role"] for m in messages] == ["user"]
    assert messages[0]["content"].startswith("Summarise the GPU plan")
    assert messages[0]["content"].endswith("</data>")


async def test_server_that_ignores_tools_is_moved_to_the_next_form(client, fake) -> None:
    fake.enqueue(Reply(content="I would rather chat.", skip_tool_call=True))
    chosen = provider(client, schema_forms=(SchemaForm.TOOL, SchemaForm.JSON_OBJECT))

    completion = await chosen.complete(make_request(json_schema=SCHEMA))

    assert chosen.schema_form is SchemaForm.JSON_OBJECT
    assert completion.parsed == fake.default_obj
    assert completion.usage.input_tokens == 22  # the ignored call's tokens are counted too


async def test_wrong_key_is_permanent_without_the_servers_text(client, fake) -> None:
    chosen = OpenAICompatibleProvider(client, model="gpt-4o-mini", api_key="sk-wrong")

    # The server's message echoes the key it was given: only status and category are kept.
    with pytest.raises(PermanentError, match=r"HTTP 401: authentication refused$") as caught:
        await chosen.complete(make_request())
    assert caught.value.status == 401


async def test_429_is_transient_with_retry_after_seconds(client, fake) -> None:
    fake.enqueue(Reply(status=429, error="Rate limit reached", headers={"retry-after": "7"}))

    with pytest.raises(TransientError, match="HTTP 429: rate limited") as caught:
        await provider(client).complete(make_request())
    assert (caught.value.status, caught.value.retry_after_s) == (429, 7.0)


async def test_429_retry_after_ms_wins_over_retry_after(client, fake) -> None:
    headers = {"retry-after": "1", "retry-after-ms": "250"}
    fake.enqueue(Reply(status=429, error="Rate limit reached", headers=headers))

    with pytest.raises(TransientError) as caught:
        await provider(client).complete(make_request())
    assert caught.value.retry_after_s == 0.25


async def test_500_is_transient(client, fake) -> None:
    fake.enqueue(Reply(status=500, error="The server had an error while processing your request."))

    with pytest.raises(TransientError) as caught:
        await provider(client).complete(make_request())
    assert caught.value.status == 500


async def test_malformed_json_is_transient(client, fake) -> None:
    fake.enqueue(Reply(raw=b'{"choices": [{"message": '))

    with pytest.raises(TransientError, match="malformed JSON"):
        await provider(client).complete(make_request())


async def test_wrong_shape_is_transient(client, fake) -> None:
    fake.enqueue(Reply(raw=json.dumps({"choices": []}).encode()))

    with pytest.raises(TransientError, match="unexpected response shape"):
        await provider(client).complete(make_request())


async def test_slow_server_times_out_as_transient(client, fake) -> None:
    fake.enqueue(Reply(delay_s=1.0))

    with pytest.raises(TransientError, match="timed out"):
        await provider(client).complete(make_request(timeout_s=0.2))


async def test_nobody_listening_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = EndpointSettings(kind="openai", base_url=f"http://127.0.0.1:{port}/v1")
    async with open_http_client(endpoint) as client:
        with pytest.raises(TransientError, match="ConnectError"):
            await provider(client).complete(make_request())


async def test_azure_uses_deployment_path_api_version_and_api_key(fake) -> None:
    endpoint = EndpointSettings(kind="azure_openai", base_url=fake.url)
    async with open_http_client(endpoint) as client:
        azure = OpenAICompatibleProvider(
            client,
            model="gpt-4o",
            api_key="sk-test",
            name="azure_openai",
            azure_deployment="gpt4o-prod",
            azure_api_version="2024-10-21",
        )
        completion = await azure.complete(make_request())

    seen = fake.requests[0]
    assert seen.path == "/openai/deployments/gpt4o-prod/chat/completions"
    assert seen.query == {"api-version": ["2024-10-21"]}
    assert seen.headers["api-key"] == "sk-test"
    assert "authorization" not in seen.headers
    assert completion.provider == "azure_openai"
