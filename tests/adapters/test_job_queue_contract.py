"""The JobQueue contract for the in-process queue and the arq queue, plus arq specifics."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from arq.connections import ArqRedis

from infra_mind.adapters.arq.jobs import RUN_ASSESSMENT
from infra_mind.adapters.arq.queue import ArqJobQueue
from infra_mind.adapters.inprocess.queue import InProcessJobQueue
from infra_mind.adapters.redis.client import redis_client
from infra_mind.adapters.redis.settings import RedisSettings
from infra_mind.ports.queue import DurableJobQueue, JobQueue

pytestmark = pytest.mark.anyio


async def _noop(tenant_id: str, assessment_id: str) -> None:
    return None


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[ArqRedis]:
    async with redis_client(RedisSettings(url=redis_url)) as client:
        await client.flushdb()
        yield client


@pytest.fixture(params=["inprocess", "arq"])
async def queue(request: pytest.FixtureRequest, redis: ArqRedis) -> JobQueue:
    if request.param == "inprocess":
        return InProcessJobQueue(_noop)
    return ArqJobQueue(redis, prefix="qtest")


async def test_is_a_job_queue(queue: JobQueue) -> None:
    assert isinstance(queue, JobQueue)


async def test_first_enqueue_is_accepted(queue: JobQueue) -> None:
    assert await queue.enqueue_assessment("t", "a1") is True


async def test_duplicate_enqueue_is_a_no_op(queue: JobQueue) -> None:
    await queue.enqueue_assessment("t", "a1")
    assert await queue.enqueue_assessment("t", "a1", priority="urgent") is False


async def test_other_assessments_are_independent(queue: JobQueue) -> None:
    await queue.enqueue_assessment("t", "a1")
    assert await queue.enqueue_assessment("t", "a2") is True
    assert await queue.enqueue_assessment("t2", "a1") is True


async def test_arq_queue_is_durable(redis: ArqRedis) -> None:
    assert isinstance(ArqJobQueue(redis), DurableJobQueue)


async def test_urgent_jobs_sort_ahead_of_waiting_normal_jobs(redis: ArqRedis) -> None:
    q = ArqJobQueue(redis, prefix="qtest")
    for i in range(3):
        await q.enqueue_assessment("t", f"normal{i}")
    await q.enqueue_assessment("t", "hurry", priority="urgent")
    first = (await redis.zrange(q.assessments_queue, 0, 0))[0].decode()
    assert first.endswith(":hurry")


async def test_job_carries_the_shared_job_name_and_ids_only(redis: ArqRedis) -> None:
    q = ArqJobQueue(redis, prefix="qtest")
    await q.enqueue_assessment("t", "a1")
    [job] = await redis.queued_jobs(queue_name=q.assessments_queue)
    assert (job.function, job.args) == (RUN_ASSESSMENT, ["t", "a1"])  # JSON: a list


async def test_has_job_follows_the_latest_job(redis: ArqRedis) -> None:
    q = ArqJobQueue(redis, prefix="qtest")
    assert await q.has_job("t", "a1") is False
    await q.requeue_assessment("t", "a1")
    assert await q.has_job("t", "a1") is True
    await redis.flushdb()  # Redis lost its data (failover to a stale replica)
    assert await q.has_job("t", "a1") is False


async def test_requeue_uses_a_fresh_job_id_next_to_an_existing_job(redis: ArqRedis) -> None:
    q = ArqJobQueue(redis, prefix="qtest")
    await q.enqueue_assessment("t", "a1")
    assert await q.requeue_assessment("t", "a1") is True
    assert await redis.zcard(q.assessments_queue) == 2


async def test_enqueue_next_to_an_in_progress_job_gets_a_fresh_job(redis: ArqRedis) -> None:
    q = ArqJobQueue(redis, prefix="qtest")
    await q.enqueue_assessment("t", "a1")
    [job_id] = [j.decode() for j in await redis.zrange(q.assessments_queue, 0, -1)]
    await redis.set(f"arq:in-progress:{job_id}", b"1")  # a worker (maybe dead) holds it
    assert await q.enqueue_assessment("t", "a1") is True


async def test_reports_have_their_own_queue(redis: ArqRedis) -> None:
    q = ArqJobQueue(redis, prefix="qtest")
    assert await q.enqueue_report("t", "a1", "full", "pdf") is True
    assert await q.enqueue_report("t", "a1", "full", "pdf") is False
    assert await redis.zcard(q.reports_queue) == 1
    assert await redis.zcard(q.assessments_queue) == 0
