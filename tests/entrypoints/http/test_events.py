"""Live progress: SSE and WebSocket deliver the stored snapshot, then live node events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import anyio
import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container
from infra_mind.domain.assessment import Assessment
from infra_mind.domain.results import AgentOutput, AgentResult
from tests.entrypoints.http.helpers import API
from tests.factories import example_document

pytestmark = pytest.mark.anyio
NODE_S = 0.05


async def slow_node(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
    """A stand-in agent that takes a moment, so a follower connects mid-run."""
    await anyio.sleep(NODE_S)
    return AgentOutput(facts={"node": name})


@pytest.fixture
def container(backend: str, tmp_path: Path) -> ApplicationContainer:
    settings = load_settings(
        storage={"backend": backend}, data_dir=tmp_path, engine={"control_poll_s": 0.02}
    )
    c = build_container(settings)
    c.services.overridden[-1]().agents.override(providers.Object(slow_node))
    return c


async def submit(client: AsyncTestClient) -> str:
    r = await client.post(f"{API}/assessments", json=example_document())
    return str(r.json()["id"])


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


async def test_sse_sends_snapshot_then_live_node_events(client: AsyncTestClient) -> None:
    aid = await submit(client)
    with anyio.fail_after(20):
        r = await client.get(f"{API}/assessments/{aid}/events")
    assert r.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(r.text)
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "snapshot"
    assert events[0][1]["status"] in {"queued", "running"}
    assert "node_finished" in kinds
    assert events[-1][1]["status"] == "completed"


async def test_sse_of_a_resting_assessment_is_just_the_snapshot(client: AsyncTestClient) -> None:
    r = await client.post(f"{API}/assessments?draft=true", json=example_document())
    events = parse_sse((await client.get(f"{API}/assessments/{r.json()['id']}/events")).text)
    assert [kind for kind, _ in events] == ["snapshot"]


async def test_sse_of_an_unknown_assessment_is_404(client: AsyncTestClient) -> None:
    r = await client.get(f"{API}/assessments/none/events")
    assert r.status_code == 404


async def test_completed_run_is_counted_in_analytics(client: AsyncTestClient) -> None:
    aid = await submit(client)
    await client.get(f"{API}/assessments/{aid}/events")
    body = (await client.get(f"{API}/analytics")).json()
    assert body["by_status"]["completed"] == 1
    assert body["duration"]["count"] == 1
    assert body["agent_durations"]["cto"]["p50_s"] >= NODE_S * 0.5


async def test_build_container_is_fresh_per_test(backend: str, tmp_path: Path) -> None:
    assert build_container(load_settings(storage={"backend": backend}, data_dir=tmp_path))
