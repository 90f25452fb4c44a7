"""The scaled-out deployment on MongoDB: two ``infra-mind serve`` processes and two arq workers
sharing one MongoDB database (the mongoeco wire-protocol server, or a real ``mongod`` when
``INFRA_MIND_TEST_MONGO_URL`` is set) and one Redis.

The SQLite twin (``test_deployment.py``) carries the load and failover drills; this one proves
that the production store serves the same flow across processes: submitted on one API,
streamed on the other, worked by both workers. Kept small — mongoeco is slow with many
documents, and nothing here is timed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import anyio
import httpx
import pytest

from tests.entrypoints.scale.harness import Deployment
from tests.entrypoints.scale.test_deployment import stream_events, wait_completed
from tests.factories import example_document
from tests.mongo_server import fresh_database_name, running_mongo
from tests.redis_server import redis_server

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
API = "/api/v1"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with running_mongo() as mongo_url, redis_server() as redis_url:
        # two slots per worker: the six submissions below need both workers
        d = Deployment(
            data_dir=tmp_path_factory.mktemp("deployment-mongo"),
            redis_url=redis_url,
            prefix=f"depm{uuid.uuid4().hex[:8]}",
            node_s=0.2,
            concurrency=2,
            mongo_url=mongo_url,
            mongo_database=fresh_database_name(),
        )
        try:
            d.start_api()
            d.start_api()
            d.start_worker()
            d.start_worker()
            d.wait_live()
            yield d
        finally:
            d.stop_all()


async def test_on_mongodb_submitted_on_a_is_streamed_on_b_and_both_workers_work(
    deployment: Deployment,
) -> None:
    a, b = deployment.apis
    fresh = httpx.Limits(max_keepalive_connections=0)  # see test_deployment.py
    async with httpx.AsyncClient(
        timeout=30, headers=deployment.auth_headers(), limits=fresh
    ) as client:
        followed = await client.post(f"{a.url}{API}/assessments", json=example_document())
        events = await stream_events(
            client, f"{b.url}{API}/assessments/{followed.json()['id']}/events"
        )

        accepted: list[httpx.Response] = []

        async def submit(api_url: str) -> None:
            accepted.append(
                await client.post(f"{api_url}{API}/assessments", json=example_document())
            )

        async with anyio.create_task_group() as tg:
            for i in range(6):
                tg.start_soon(submit, (a if i % 2 else b).url)
        ids = {r.json()["id"] for r in accepted}
        done = await wait_completed(client, a.url, ids, 90)

    assert (events[0][0], events[-1][1]["status"]) == ("snapshot", "completed")
    assert [r.status_code for r in accepted] == [202] * 6
    assert done == ids
    assert deployment.pids_that_ran() == deployment.worker_pids()
