"""Fixtures for the LLM adapter tests: a fake vendor server on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from infra_mind.ports.llm import CompletionRequest
from infra_mind.services.llm.prompt import build_request
from tests.adapters.llm.fake_server import FakeLLMServer

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "summary": {"type": "string", "minLength": 1},
        "risk": {"type": "string", "enum": ["low", "medium", "high"]},
    },
    "required": ["summary", "risk"],
    "additionalProperties": False,
}


@pytest.fixture
def fake() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer().start()
    try:
        yield server
    finally:
        server.stop()


def make_request(
    tenant: str = "t1", question: str = "Is the plan affordable?", **options: Any
) -> CompletionRequest:
    return build_request(
        "Summarise the GPU plan for the CTO.",
        {"gpu_count": 8, "monthly_cost_usd": 21_540.0},
        {"question": question},
        tenant_id=tenant,
        assessment_id="a1",
        agent="cto",
        **options,
    )
