"""The API on the scale-out stack: MongoDB, the arq queue on Redis, a real worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, authenticate
from tests.entrypoints.http.test_events import parse_sse
from tests.factories import example_document
from tests.mongo_server import fresh_database_name, running_mongo

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def mongo_url() -> Iterator[str]:
    with running_mongo() as url:
        yield url


@pytest.fixture
def scale_out_env(tmp_path: Path, mongo_url: str, redis_url: str) -> dict[str, str]:
    """The variables an operator sets on the API and on every worker."""
    return {
        "INFRA_MIND_DATA_DIR": str(tmp_path),
        "INFRA_MIND_STORAGE__BACKEND": "mongo",
        "INFRA_MIND_MONGO__URL": mongo_url,
        "INFRA_MIND_MONGO__DATABASE": fresh_database_name(),
        "INFRA_MIND_QUEUE__BACKEND": "arq",
        "INFRA_MIND_REDIS__URL": redis_url,
        "INFRA_MIND_REDIS__KEY_PREFIX": f"e2e{uuid.uuid4().hex[:8]}",
    }


@pytest.fixture
def worker(scale_out_env: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m infra_mind.entrypoints.worker``: the shipped worker, nothing overridden."""
    cmd = [sys.executable, "-m", "infra_mind.entrypoints.worker"]
    if os.environ.get("COVERAGE_PROCESS_START"):
        cmd = [sys.executable, "-m", "coverage", "run", "--parallel-mode", "-m", cmd[2]]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INFRA_MIND_")}
    with open(tmp_path / "worker.log", "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**clean, **scale_out_env}, stdout=log, stderr=log
        )
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


async def test_submit_follow_and_read_advice_on_mongo_arq_and_a_worker_process(
    scale_out_env: dict[str, str],
    worker: subprocess.Popen[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in scale_out_env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert (settings.storage.backend, settings.queue.backend) == ("mongo", "arq")

    async with AsyncTestClient(create_app(build_container(settings))) as client:
        assert (await client.get("/health/ready")).status_code == 200
        await authenticate(client)
        accepted = await client.post(
            f"{API}/assessments", json=example_document(), headers={"Idempotency-Key": "e2e-1"}
        )
        assert accepted.status_code == 202, accepted.text
        aid = accepted.json()["id"]

        with anyio.fail_after(60):  # includes the worker process starting up
            stream = await client.get(f"{API}/assessments/{aid}/events")
        events = parse_sse(stream.text)
        recommendations = await client.get(f"{API}/assessments/{aid}/recommendations")
        forecast = await client.get(f"{API}/assessments/{aid}/costs/forecast")
        replay = await client.post(
            f"{API}/assessments", json=example_document(), headers={"Idempotency-Key": "e2e-1"}
        )

    assert worker.poll() is None, "the worker process died"
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "snapshot"
    assert "node_finished" in kinds
    assert events[-1][1]["status"] == "completed"
    ranks = [b["recommendation"]["rank"] for b in recommendations.json()]
    assert ranks == list(range(1, len(ranks) + 1))
    assert ranks
    assert forecast.status_code == 200
    assert forecast.json()["months"]
    assert (replay.json()["id"], replay.headers["Idempotent-Replayed"]) == (aid, "true")
