"""The WebSocket per assessment: the stored snapshot, then live node events, then close."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import TestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, authenticate_sync
from tests.entrypoints.http.test_events import slow_node
from tests.factories import example_document


@pytest.fixture
def slow_container(backend: str, tmp_path: Path) -> ApplicationContainer:
    settings = load_settings(
        storage={"backend": backend}, data_dir=tmp_path, engine={"control_poll_s": 0.02}
    )
    c = build_container(settings)
    c.services.overridden[-1]().agents.override(providers.Object(slow_node))
    return c


def receive_all(client: TestClient[Any], url: str) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    with client.websocket_connect(url) as ws:
        while True:
            try:
                received.append(ws.receive_json(timeout=20))
            except WebSocketDisconnect:
                return received


def test_websocket_sends_snapshot_then_live_node_events(
    slow_container: ApplicationContainer,
) -> None:
    with TestClient(create_app(slow_container)) as client:
        authenticate_sync(client)
        aid = client.post(f"{API}/assessments", json=example_document()).json()["id"]
        received = receive_all(client, f"{API}/assessments/{aid}/ws")
    assert received[0]["type"] == "snapshot"
    assert received[0]["status"] in {"queued", "running"}
    assert any(e["type"] == "node_finished" for e in received)
    assert received[-1]["status"] == "completed"


def test_websocket_of_an_unknown_assessment_sends_404_and_closes(
    slow_container: ApplicationContainer,
) -> None:
    with TestClient(create_app(slow_container)) as client:
        authenticate_sync(client)
        received = receive_all(client, f"{API}/assessments/none/ws")
    assert [m["status"] for m in received] == [404]
