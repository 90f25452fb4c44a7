"""The offline provider writes only from the facts, deterministically."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_mind.adapters.llm.offline import OfflineProvider
from infra_mind.ports.llm import LLMProvider, Purpose
from infra_mind.services.llm.prompt import build_request
from infra_mind.services.llm.schema import validate

pytestmark = pytest.mark.anyio
FACTS: dict[str, Any] = {
    "monthly_cost_usd": 21540.25,
    "region": "eu-west-1",
    "gpu": {"model": "H100", "count": 8, "hourly_usd": 3.69},
    "compliance": {"frameworks": ["GDPR", "SOC 2"], "gaps": 2},
    "options": [{"name": "reserved", "saving_pct": 37.5}, {"name": "spot", "saving_pct": 61}],
}
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def req(purpose: Purpose = Purpose.NARRATIVE, facts: Any = None, question: str = "", **kw: Any):
    user_text = {"question": question} if question else {}
    return build_request(
        "Write.",
        FACTS if facts is None else facts,
        user_text,
        tenant_id="t1",
        purpose=purpose,
        **kw,
    )


def numbers_in(value: Any) -> set[str]:
    return set(NUMBER.findall(str(value)))


async def test_is_an_llm_provider_named_offline() -> None:
    provider = OfflineProvider()
    completion = await provider.complete(req())
    assert isinstance(provider, LLMProvider)
    assert (completion.provider, completion.model, completion.cost_usd) == (
        "offline",
        "offline-deterministic-1",
        0.0,
    )


async def test_narrative_restates_every_figure_verbatim() -> None:
    text = (await OfflineProvider().complete(req(agent="cost_analyst"))).text

    for figure in ("21540.25", "eu-west-1", "H100", "8", "3.69", "GDPR", "SOC 2", "37.5", "61"):
        assert figure in text
    assert len(text.split("\n\n")) >= 3


async def test_narrative_is_deterministic() -> None:
    first = await OfflineProvider().complete(req())
    second = await OfflineProvider().complete(req())
    assert first.text == second.text


facts_strategy = st.dictionaries(
    st.from_regex(r"[a-z]{1,8}(_[a-z]{1,8})?", fullmatch=True),
    st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(alphabet="abcxyz ", max_size=10)
    | st.dictionaries(st.sampled_from(["count", "usd", "pct"]), st.integers(0, 10**6), max_size=3),
    max_size=8,
)


@settings(max_examples=100, deadline=None)
@given(facts=facts_strategy)
async def test_narrative_never_invents_a_number(facts: dict[str, Any]) -> None:
    text = (await OfflineProvider().complete(req(facts=facts))).text

    allowed = numbers_in(repr(facts)) | numbers_in(facts)
    assert numbers_in(text) <= allowed


async def test_chat_picks_the_relevant_facts_and_cites_their_keys() -> None:
    question = "How many GPUs, and what is their hourly price?"
    text = (await OfflineProvider().complete(req(Purpose.CHAT, question=question))).text

    assert "[gpu.count]" in text
    assert "[gpu.hourly_usd]" in text
    assert "3.69" in text
    assert "[region]" not in text


async def test_chat_without_matching_facts_says_so_and_lists_topics() -> None:
    text = (await OfflineProvider().complete(req(Purpose.CHAT, question="Who won the match?"))).text

    assert text.startswith("The assessment facts do not answer that directly.")
    assert "Monthly cost usd" in text


SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "monthly_cost_usd": {"type": "number"},
        "count": {"type": "integer"},
        "region": {"type": "string"},
        "headline": {"type": "string", "minLength": 5},
        "risk": {"type": "string", "enum": ["low", "medium", "high"]},
        "frameworks": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": ["string", "null"]},
        "approved": {"type": "boolean"},
    },
    "required": ["monthly_cost_usd", "count", "headline", "risk"],
    "additionalProperties": False,
}


async def test_structured_answer_is_valid_and_filled_from_matching_facts() -> None:
    completion = await OfflineProvider().complete(req(Purpose.STRUCTURED, json_schema=SCHEMA))

    assert validate(completion.parsed, SCHEMA) == []
    parsed = completion.parsed or {}
    assert (parsed["monthly_cost_usd"], parsed["count"], parsed["region"]) == (
        21540.25,
        8,
        "eu-west-1",
    )
    assert parsed["frameworks"] == ["GDPR", "SOC 2"]
    assert parsed["notes"] is None


async def test_structured_answer_follows_refs_and_array_minimums() -> None:
    schema = {
        "$defs": {
            "Option": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
            }
        },
        "type": "object",
        "properties": {
            "options": {"type": "array", "items": {"$ref": "#/$defs/Option"}},
            "extras": {"type": "array", "items": {"type": "integer", "minimum": 3}, "minItems": 2},
        },
        "required": ["options", "extras"],
    }

    parsed = (await OfflineProvider().complete(req(json_schema=schema))).parsed

    assert validate(parsed, schema) == []
    assert [o["name"] for o in parsed["options"]] == ["reserved", "spot"]  # type: ignore[index]
    assert parsed["extras"] == [3, 3]  # type: ignore[index]
