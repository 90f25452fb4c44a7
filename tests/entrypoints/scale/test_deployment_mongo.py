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
    async with deployment.client() as client:
        followed = await client.post(f"{a.url}{API}/assessments", json=example_document())
        events = await stream_events(
            client, f"{b.url}{API}/assessments/{followed.json()['id']}/events"
        )
        accepted = await deployment.submit(client, 6)
        ids = {r.json()["id"] for r in accepted}
        done = await wait_completed(client, a.url, ids, 90)

    assert (events[0][0], events[-1][1]["status"]) == ("snapshot", "completed")
    assert [r.status_code for r in accepted] == [202] * 6
    assert done == ids
    assert deployment.pids_that_ran() == deployment.worker_pids()
