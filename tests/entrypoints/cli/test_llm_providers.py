"""`infra-mind assess` with an OpenAI-compatible server, and with a dead one."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adapters.llm.fake_server import FakeLLMServer
from tests.entrypoints.cli.conftest import Cli

EXAMPLE = Path(__file__).parents[3] / "examples" / "eu-healthcare-support-bot.yaml"


@pytest.fixture
def fake() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer().start()
    try:
        yield server
    finally:
        server.stop()


def _cli(tmp_path: Path, llm: dict[str, object]) -> Cli:
    cli = Cli(tmp_path / "data", backend="memory")
    cli.settings = cli.settings.model_copy(
        update={"llm": type(cli.settings.llm).model_validate(llm)}
    )
    return cli


def test_every_narrative_comes_from_the_configured_server(
    tmp_path: Path, fake: FakeLLMServer
) -> None:
    cli = _cli(
        tmp_path,
        {
            "provider": "openai",
            "base_url": f"{fake.url}/v1",
            "api_key": "sk-test",
            "model": "gpt-4o-mini",
            "backoff_base_s": 0.001,
        },
    )
    result = cli("assess", str(EXAMPLE), "--json")
    assert result.exit_code == 0, result.stderr
    outcome = json.loads(result.stdout)
    narrated = [r for r in outcome["results"] if r["narrative"]]
    assert len(narrated) == 13
    assert {r["narrative_provider"] for r in narrated} == {"openai"}
    assert all(r["narrative"] == fake.default_text for r in narrated)
    assert outcome["llm_tokens"] == 13 * (fake.input_tokens + fake.output_tokens)
    assert outcome["llm_cost_usd"] > 0
    # numbers stay the agents' own, whatever the model wrote
    assert outcome["total_monthly_cost_usd"] > 0


def test_a_dead_server_falls_back_to_offline_and_says_so(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    cli = _cli(
        tmp_path,
        {
            "provider": "openai",
            "base_url": dead,
            "api_key": "sk-test",
            "model": "gpt-4o-mini",
            "backoff_base_s": 0.001,
            "max_retries": 0,
        },
    )
    result = cli("assess", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert "narrative by offline/offline-deterministic-1" in result.stdout
    assert "LLM notes on 13 nodes (first: data_validation: openai failed" in result.stdout
