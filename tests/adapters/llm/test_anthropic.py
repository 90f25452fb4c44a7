"""AnthropicProvider against a local server speaking the Messages protocol."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from infra_mind.adapters.llm.anthropic import AnthropicProvider, tool_name
from infra_mind.adapters.llm.clients import open_http_client
from infra_mind.adapters.llm.settings import EndpointSettings
from infra_mind.domain.errors import PermanentError, TransientError
from infra_mind.ports.llm import Message, Role
from tests.adapters.llm.conftest import SCHEMA, make_request
from tests.adapters.llm.fake_server import FakeLLMServer, Reply

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(fake: FakeLLMServer) -> AsyncIterator[httpx.AsyncClient]:
    async with open_http_client(EndpointSettings(kind="anthropic", base_url=fake.url)) as pooled:
        yield pooled


def claude(client: httpx.AsyncClient, key: str = "ak-test") -> AnthropicProvider:
    return AnthropicProvider(client, model="claude-3-5-haiku-latest", api_key=key)


async def test_text_completion_with_usage_and_model(client, fake) -> None:
    completion = await claude(client).complete(make_request())

    assert completion.text == "Narrative from the fake model."
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (11, 7)
    assert (completion.provider, completion.model) == ("anthropic", fake.model)


async def test_headers_system_prompt_and_turns_follow_the_messages_api(client, fake) -> None:
    await claude(client).complete(make_request(max_tokens=64))

    seen = fake.requests[0]
    assert seen.headers["x-api-key"] == "ak-test"
    assert seen.headers["anthropic-version"] == "2023-06-01"
    assert "Summarise the GPU plan" in seen.body["system"]
    assert [m["role"] for m in seen.body["messages"]] == ["user"]
    assert seen.body["max_tokens"] == 64


async def test_consecutive_turns_of_one_role_are_merged(client, fake) -> None:
    request = make_request()
    extra = (Message(role=Role.USER, content="And the risks?"),)
    await claude(client).complete(request.model_copy(update={"messages": request.messages + extra}))

    turns = fake.requests[0].body["messages"]
    assert len(turns) == 1
    assert turns[0]["content"].endswith("And the risks?")


async def test_structured_output_comes_from_the_forced_tool_use_block(client, fake) -> None:
    fake.enqueue(Reply(obj={"summary": "tool said so", "risk": "medium"}))

    completion = await claude(client).complete(
        make_request(json_schema=SCHEMA, schema_name="gpu plan")
    )

    body = fake.requests[0].body
    assert body["tools"][0]["input_schema"] == SCHEMA
    assert body["tool_choice"] == {"type": "tool", "name": "gpu_plan"}
    assert completion.parsed == {"summary": "tool said so", "risk": "medium"}


async def test_overloaded_529_is_transient_with_its_category(client, fake) -> None:
    fake.enqueue(Reply(status=529, error="Overloaded"))

    # The upstream's text stays out of the error (it can echo headers): status and category.
    with pytest.raises(TransientError, match="HTTP 529: upstream error") as caught:
        await claude(client).complete(make_request())
    assert caught.value.status == 529


async def test_rate_limit_carries_retry_after(client, fake) -> None:
    fake.enqueue(Reply(status=429, error="slow down", headers={"retry-after": "3"}))

    with pytest.raises(TransientError) as caught:
        await claude(client).complete(make_request())
    assert caught.value.retry_after_s == 3.0


async def test_bad_key_is_permanent(client, fake) -> None:
    with pytest.raises(PermanentError, match="authentication refused") as caught:
        await claude(client, key="wrong").complete(make_request())
    assert caught.value.status == 401


async def test_malformed_body_is_transient(client, fake) -> None:
    fake.enqueue(Reply(raw=b"<html>502 Bad Gateway</html>"))

    with pytest.raises(TransientError, match="malformed JSON"):
        await claude(client).complete(make_request())


def test_tool_names_are_made_acceptable() -> None:
    assert tool_name("gpu plan/v2") == "gpu_plan_v2"
    assert tool_name("") == "result"
    assert len(tool_name("x" * 100)) == 64
