"""A frozen MongoDB (SIGSTOP on the test's own mongoeco process) and dependencies down at
start-up: the API answers 503 + Retry-After within its timeouts, never hangs, and serves
again once the dependency returns, without a restart."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import anyio
import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, authenticate
from tests.entrypoints.http.test_readiness import ready_within
from tests.mongo_server import fresh_database_name, mongoeco_process, mongoeco_server
from tests.redis_server import free_port, redis_process

pytestmark = pytest.mark.anyio
MONGO_TIMEOUTS = {"server_selection_timeout_ms": 500, "socket_timeout_ms": 1000}


async def test_a_frozen_mongodb_answers_503_within_the_socket_timeout_then_recovers(
    tmp_path: Path,
) -> None:
    with mongoeco_process() as (url, mongo):
        mongo_settings = {**MONGO_TIMEOUTS, "url": url, "database": fresh_database_name()}
        settings = load_settings(
            data_dir=tmp_path, storage={"backend": "mongo"}, mongo=mongo_settings
        )
        async with AsyncTestClient(create_app(build_container(settings))) as client:
            await authenticate(client)
            os.kill(mongo.pid, signal.SIGSTOP)
            try:
                started = time.monotonic()
                with anyio.fail_after(20):
                    frozen = await client.get(f"{API}/assessments")
                answered_s = time.monotonic() - started
                ready_frozen = await client.get("/health/ready")
            finally:
                os.kill(mongo.pid, signal.SIGCONT)
            thawed = await ready_within(client, 200, 15)
            after = await client.get(f"{API}/assessments")
    print(f"frozen MongoDB: 503 after {answered_s:.2f} s (socket timeout 1 s)")

    assert (frozen.status_code, frozen.headers.get("retry-after")) == (503, "5")
    assert answered_s < 5
    assert ready_frozen.status_code == 503
    assert (thawed.status_code, after.status_code) == (200, 200)


async def test_the_api_starts_while_mongodb_and_redis_are_down_and_is_ready_once_back(
    tmp_path: Path,
) -> None:
    mongo_port = free_port()
    with redis_process() as redis:
        redis.stop()
        settings = load_settings(
            data_dir=tmp_path,
            storage={"backend": "mongo"},
            queue={"backend": "arq"},
            mongo={
                **MONGO_TIMEOUTS,
                "url": f"mongodb://127.0.0.1:{mongo_port}",
                "database": fresh_database_name(),
            },
            redis={"url": redis.url, "socket_timeout_s": 0.5, "connect_timeout_s": 0.5},
        )
        async with AsyncTestClient(create_app(build_container(settings))) as client:
            down = await client.get("/health/ready")
            redis.start()
            with mongoeco_server(mongo_port):
                back = await ready_within(client, 200, 20)

    assert down.status_code == 503
    assert sorted(e["path"] for e in down.json()["errors"]) == ["redis", "storage"]
    assert back.status_code == 200
