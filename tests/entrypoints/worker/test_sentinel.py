"""Redis through Sentinel for real: master, replica, three sentinels, a worker process;
then a failover drill (kill the master, the replica is promoted, work goes on)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import anyio
import pytest

from infra_mind.container import resolve
from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.domain.events import EventType, ProgressEvent
from tests.entrypoints.worker.harness import Cluster, until
from tests.factories import example_input
from tests.redis_server import SentinelCluster, sentinel_cluster

pytestmark = pytest.mark.anyio
S = AssessmentStatus
TENANT = "default"


@dataclass
class SentinelWorkers(Cluster):
    """The worker harness with every Redis use going through the sentinels."""

    sentinels: str = ""
    master_name: str = "mymaster"

    def env(self) -> dict[str, str]:
        return {
            **super().env(),
            "INFRA_MIND_REDIS__URL": "redis://unused.invalid:1/0",  # Sentinel must win
            "INFRA_MIND_REDIS__SENTINELS": self.sentinels,
            "INFRA_MIND_REDIS__SENTINEL_MASTER": self.master_name,
        }


@pytest.fixture
def redis_ha() -> Iterator[SentinelCluster]:
    with sentinel_cluster() as cluster:
        yield cluster


@pytest.fixture
def workers(tmp_path: Path, redis_ha: SentinelCluster) -> Iterator[SentinelWorkers]:
    c = SentinelWorkers(
        data_dir=tmp_path,
        redis_url="",
        prefix=f"s{uuid.uuid4().hex[:8]}",
        node_s=0.05,
        sentinels=redis_ha.sentinels,
    )
    try:
        yield c
    finally:
        c.stop_all()


def probe(assessment_id: str) -> ProgressEvent:
    return ProgressEvent(
        type=EventType.NODE_FINISHED,
        tenant_id=TENANT,
        assessment_id=assessment_id,
        at=datetime.now(UTC),
        node="probe",
        status="completed",
        progress=0.5,
    )


async def test_events_and_jobs_go_through_sentinel_and_survive_a_failover(
    workers: SentinelWorkers, redis_ha: SentinelCluster
) -> None:
    worker = workers.start_worker()
    async with workers.api() as api:
        assert api.settings().redis.sentinels == redis_ha.sentinels.split(",")
        bus = await resolve(api.messaging.events)
        service = await resolve(api.services.assessment_service)
        repo = await resolve(api.storage.assessments)

        async def status(aid: str) -> S:
            return (await repo.get(TENANT, aid)).status  # type: ignore[no-any-return]

        # The event bus through Sentinel: a subscriber gets what is published.
        async with bus.subscribe(TENANT, "ha-probe") as stream:
            sent = probe("ha-probe")
            await bus.publish(sent)
            with anyio.fail_after(5):
                assert sent == await anext(aiter(stream))

        # The arq queue through Sentinel: the worker process runs a submitted assessment.
        first = await service.submit(TENANT, example_input())
        await until(lambda: _is(status, first.id, S.COMPLETED), 60, "the first assessment")

        # Failover drill.
        redis_ha.kill_master()
        failover_s = redis_ha.wait_for_failover()
        assert redis_ha.master_port_now() == redis_ha.replica_port

        # Publishing works again once the client has found the new master.
        started = time.monotonic()
        await until(lambda: _publishes(bus, probe("after")), 15, "a publish after failover")
        reconnect_s = time.monotonic() - started

        # Redis lost the job (as a failover to a lagging replica can): the
        # assessment is queued in the store with no job; the reconciler enqueues
        # it again and the worker, which rode out the failover, completes it.
        draft = await service.submit(TENANT, example_input(), start=False)
        await repo.save(draft.transition(S.QUEUED, datetime.now(UTC)))
        queue = await resolve(api.messaging.queue)
        assert not await queue.has_job(TENANT, draft.id)
        started = time.monotonic()
        await until(lambda: _is(status, draft.id, S.COMPLETED), 60, "the job-less assessment")
        recovered_s = time.monotonic() - started

    assert worker.poll() is None, "the worker died in the failover"
    print(
        json.dumps(
            {
                "failover_s": round(failover_s, 2),
                "publish_again_after_s": round(reconnect_s, 2),
                "jobless_assessment_completed_after_s": round(recovered_s, 2),
            }
        )
    )


async def _is(status: object, aid: str, wanted: S) -> bool:
    return await status(aid) is wanted  # type: ignore[operator]


async def _publishes(bus: object, event: ProgressEvent) -> bool:
    try:
        await bus.publish(event)  # type: ignore[attr-defined]
    except StorageUnavailable:
        return False
    return True
