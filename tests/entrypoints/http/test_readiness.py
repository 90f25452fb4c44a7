"""/health/ready against real servers: 503 problem+json naming what is down, 200 when back."""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import anyio
import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import build_container, resolve, running_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import authenticate
from tests.mongo_server import fresh_database_name, mongoeco_server
from tests.redis_server import free_port, redis_server

pytestmark = pytest.mark.anyio


async def ready_within(client: AsyncTestClient[Any], status: int, timeout_s: float) -> Any:
    """The readiness answer once it has ``status`` (servers take a moment to come and go)."""
    deadline = time.monotonic() + timeout_s
    while True:
        r = await client.get("/health/ready")
        if r.status_code == status or time.monotonic() > deadline:
            return r
        await anyio.sleep(0.2)


async def test_ready_and_reads_are_503_while_mongo_is_down_and_200_once_it_returns(
    tmp_path: Path,
) -> None:
    port = free_port()
    mongo = {"server_selection_timeout_ms": 500, "database": fresh_database_name()}
    with ExitStack() as stack:
        url = stack.enter_context(mongoeco_server(port))
        settings = load_settings(
            data_dir=tmp_path, storage={"backend": "mongo"}, mongo={**mongo, "url": url}
        )
        async with AsyncTestClient(create_app(build_container(settings))) as client:
            assert (await client.get("/health/ready")).status_code == 200
            await authenticate(client)

            stack.close()  # MongoDB stops
            down = await ready_within(client, 503, 10)
            assert down.status_code == 503
            assert down.headers["content-type"].startswith("application/problem+json")
            body = down.json()
            assert [e["path"] for e in body["errors"]] == ["storage"]
            # The probe is public: it names the component, never its host, port or driver text.
            assert ([e["reason"] for e in body["errors"]], str(port) in down.text) == (
                ["unavailable"],
                False,
            )
            assert "storage" in body["detail"]
            read = await client.get("/api/v1/assessments")
            assert (read.status_code, read.headers.get("retry-after")) == (503, "5")

            with mongoeco_server(port):  # back on the same address
                assert (await ready_within(client, 200, 15)).status_code == 200
                await authenticate(client)  # the restarted test server starts empty
                assert (await client.get("/api/v1/assessments")).status_code == 200


async def test_ready_names_redis_when_the_arq_queue_has_no_redis(tmp_path: Path) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(redis_server())
        settings = load_settings(
            data_dir=tmp_path,
            queue={"backend": "arq"},
            redis={"url": url, "key_prefix": "ready"},
        )
        async with AsyncTestClient(create_app(build_container(settings))) as client:
            assert (await client.get("/health/ready")).status_code == 200

            stack.close()  # Redis stops
            down = await ready_within(client, 503, 10)
            assert down.status_code == 503
            assert [e["path"] for e in down.json()["errors"]] == ["redis"]


async def test_readiness_names_the_in_process_runner_when_it_is_not_serving(
    tmp_path: Path,
) -> None:
    container = build_container(load_settings(data_dir=tmp_path))
    async with running_container(container):  # resources open, but no lifespan: no runner
        readiness = await resolve(container.api.readiness)
        down = await readiness.down()

    assert list(down) == ["queue"]


async def test_liveness_fails_once_the_app_can_no_longer_serve(tmp_path: Path) -> None:
    app = create_app(build_container(load_settings(data_dir=tmp_path)))
    async with AsyncTestClient(app) as client:
        serving = await client.get("/health/live")
        app.state.serving = False  # what the end of the lifespan leaves behind
        ended = await client.get("/health/live")

    assert (serving.status_code, ended.status_code) == (200, 503)
