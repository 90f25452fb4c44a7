"""The API under dependency faults, on real servers: Redis stopped or frozen, MongoDB stopped.

Nothing answers 500: a POST whose assessment is stored but cannot be enqueued
is accepted (the reconciler enqueues it once Redis is back), progress streams
from the store while the event bus is down, and what cannot be served answers
503 problem+json with ``Retry-After``. (MongoDB down: ``test_readiness.py``.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from litestar.testing import AsyncTestClient

from infra_mind.container import ApplicationContainer, build_container, resolve, running_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, arq_on, authenticate
from tests.entrypoints.http.test_events import parse_sse
from tests.entrypoints.http.test_readiness import ready_within
from tests.factories import example_document
from tests.redis_server import RedisProcess

pytestmark = pytest.mark.anyio
TENANT = "default"


@pytest.fixture
def container(tmp_path: Path, redis: RedisProcess) -> ApplicationContainer:
    """SQLite storage, the arq queue on ``redis``; Redis calls bounded at 0.5 s."""
    settings = arq_on(redis.url, tmp_path, "faults")
    return build_container(settings)


@pytest.fixture
async def client(container: ApplicationContainer) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(create_app(container)) as test_client:
        await authenticate(test_client)
        yield test_client


async def test_post_while_redis_is_down_is_accepted_and_stored_once(
    client: AsyncTestClient[Any], redis: RedisProcess
) -> None:
    redis.stop()
    accepted = await client.post(f"{API}/assessments", json=example_document())
    listed = await client.get(f"{API}/assessments")
    assert (accepted.status_code, accepted.json()["status"]) == (202, "queued")
    assert [a["id"] for a in listed.json()["items"]] == [accepted.json()["id"]]


async def test_the_reconciler_enqueues_what_redis_could_not_take(
    client: AsyncTestClient[Any], container: ApplicationContainer, redis: RedisProcess
) -> None:
    redis.stop()
    accepted = await client.post(f"{API}/assessments", json=example_document())
    redis.start()
    # A worker's reconciler (its own container: the app's runs on the client's loop).
    async with running_container(build_container(container.settings())) as worker:
        reconciler = await resolve(worker.services.startup_reconciler)
        queue = await resolve(worker.messaging.queue)
        recovered = await reconciler.reconcile()
        enqueued = await queue.has_job(TENANT, accepted.json()["id"])
    assert (recovered, enqueued) == (1, True)


async def test_post_while_redis_is_frozen_is_accepted_not_held(
    client: AsyncTestClient[Any], redis: RedisProcess
) -> None:
    redis.freeze()
    try:
        with anyio.fail_after(30):  # bounded by the Redis timeouts, not by the stall
            accepted = await client.post(f"{API}/assessments", json=example_document())
    finally:
        redis.thaw()
    assert accepted.status_code == 202


async def test_ready_is_503_with_retry_after_while_redis_is_frozen(
    client: AsyncTestClient[Any], redis: RedisProcess
) -> None:
    redis.freeze()
    try:
        down = await ready_within(client, 503, 10)
    finally:
        redis.thaw()
    assert (down.status_code, down.headers.get("retry-after")) == (503, "5")
    assert down.headers["content-type"].startswith("application/problem+json")


async def test_cancel_while_redis_is_down_succeeds(
    client: AsyncTestClient[Any], redis: RedisProcess
) -> None:
    redis.stop()
    aid = (await client.post(f"{API}/assessments", json=example_document())).json()["id"]
    cancelled = await client.post(f"{API}/assessments/{aid}/cancel")
    assert (cancelled.status_code, cancelled.json()["status"]) == (202, "cancelled")


async def test_events_stream_from_the_store_while_redis_is_down(
    client: AsyncTestClient[Any], redis: RedisProcess
) -> None:
    aid = (await client.post(f"{API}/assessments?draft=true", json=example_document())).json()["id"]
    redis.stop()
    with anyio.fail_after(30):
        stream = await client.get(f"{API}/assessments/{aid}/events")
    events = parse_sse(stream.text)
    assert stream.status_code == 200
    assert [(kind, e["status"]) for kind, e in events] == [("snapshot", "draft")]
