"""Exact-match completion cache: keys and failure handling."""

from __future__ import annotations

import pytest

from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.ports.llm import Completion
from infra_mind.services.llm.cache import CompletionCache, cache_key
from infra_mind.services.llm.prompt import build_request

pytestmark = pytest.mark.anyio
ANSWER = Completion(text="cached words", provider="p", model="m")


def req(tenant: str = "t1", question: str = "q", **options: object):
    return build_request("Describe.", {"n": 1}, {"question": question}, tenant_id=tenant, **options)


def test_key_names_tenant_provider_model_and_prompt_digest() -> None:
    key = cache_key(req(), "openai", "gpt-4o")

    prefix, digest = key.rsplit(":", 1)
    assert prefix == "llm:v1:t1:openai:gpt-4o"
    assert len(digest) == 64


@pytest.mark.parametrize(
    "other",
    [
        req(tenant="t2"),
        req(question="q "),
        req(max_tokens=801),
        req(temperature=0.3),
        req(json_schema={"type": "object"}),
    ],
)
def test_any_difference_is_a_different_key(other) -> None:
    assert cache_key(other, "p", "m") != cache_key(req(), "p", "m")


def test_same_request_for_another_assessment_shares_the_key() -> None:
    assert cache_key(req(assessment_id="a1"), "p", "m") == cache_key(
        req(assessment_id="a2"), "p", "m"
    )


def test_separators_in_ids_cannot_reach_another_tenants_keys() -> None:
    crafted = cache_key(req(tenant="t1:openai"), "x", "m")
    plain = cache_key(req(tenant="t1"), "openai:x", "m")

    assert crafted != plain
    assert crafted.startswith("llm:v1:t1%3Aopenai:x:m:")


class DownCache:
    async def get(self, key: str) -> bytes | None:
        raise StorageUnavailable("redis is down")

    async def set(self, key: str, value: bytes, ttl_s: float) -> None:
        raise StorageUnavailable("redis is down")

    async def delete(self, key: str) -> None:
        raise StorageUnavailable("redis is down")


async def test_store_that_is_down_is_a_miss_not_an_error() -> None:
    cache = CompletionCache(DownCache(), ttl_s=60)

    await cache.put(req(), "p", "m", ANSWER)
    assert await cache.get(req(), "p", "m") is None


async def test_unreadable_entry_is_a_miss_and_is_removed() -> None:
    store = InMemoryCache()
    await store.set(cache_key(req(), "p", "m"), b"{not a completion", 60)

    assert await CompletionCache(store, ttl_s=60).get(req(), "p", "m") is None
    assert len(store) == 0


async def test_round_trip() -> None:
    cache = CompletionCache(InMemoryCache(), ttl_s=60)

    await cache.put(req(), "p", "m", ANSWER)

    assert await cache.get(req(), "p", "m") == ANSWER
    assert await cache.get(req(), "p", "other-model") is None
