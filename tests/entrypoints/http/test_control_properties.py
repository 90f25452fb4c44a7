"""Property: no interleaving of submit, pause, resume, cancel and delete stops the embedded
server from serving, or leaves an assessment stuck (each comes to rest or is deleted)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, RESTING, authenticate_sync
from tests.factories import example_document

ACTIONS = ("pause", "resume", "cancel", "delete")
steps = st.lists(
    st.one_of(
        st.just(("submit", 0)),
        st.tuples(st.sampled_from(ACTIONS), st.integers(0, 3)),
        st.tuples(st.just("sleep"), st.integers(0, 300)),
    ),
    min_size=1,
    max_size=10,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Any]]:
    data_dir: Path = tmp_path_factory.mktemp("control")
    container = build_container(
        load_settings(
            data_dir=data_dir,
            engine={"control_poll_s": 0.05, "backoff_base_s": 0.0},
            queue={"lease_ttl_s": 2.0, "heartbeat_s": 0.5, "reconcile_s": 1},
            # one key polls every example's assessments: measured without request rate limits
            limits={"rate_limits": False},
        )
    )
    with TestClient(create_app(container)) as client:
        authenticate_sync(client)
        yield client


def act(client: TestClient[Any], ids: list[str], step: tuple[str, int]) -> int:
    kind, n = step
    if kind == "submit":
        r = client.post(f"{API}/assessments", json=example_document())
        if r.status_code == 202:
            ids.append(r.json()["id"])
        return r.status_code
    if kind == "sleep":
        time.sleep(n / 1000)
        return 200
    if not ids:
        return 200
    target = ids[n % len(ids)]
    if kind == "delete":
        return client.delete(f"{API}/assessments/{target}").status_code
    return client.post(f"{API}/assessments/{target}/{kind}").status_code


def settled(client: TestClient[Any], ids: list[str], timeout_s: float = 60) -> dict[str, str]:
    """Each assessment's status once all rest (404: deleted); fails if any stays busy."""
    deadline = time.monotonic() + timeout_s
    while True:
        states = {}
        for aid in ids:
            r = client.get(f"{API}/assessments/{aid}/status")
            states[aid] = "deleted" if r.status_code == 404 else r.json()["status"]
        if all(s in RESTING | {"deleted"} for s in states.values()):
            return states
        assert time.monotonic() < deadline, f"stuck: {states}"
        time.sleep(0.1)


@pytest.mark.slow
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(script=steps)
def test_any_interleaving_of_control_calls_keeps_the_server_serving(
    server: TestClient[Any], script: list[tuple[str, int]]
) -> None:
    ids: list[str] = []
    answers = [act(server, ids, step) for step in script]
    settled(server, ids)

    assert all(status < 500 for status in answers), answers
    assert server.get("/health/ready").status_code == 200
