"""No code execution through the queue: a pickled job planted straight into Redis is
refused by the shipped worker settings without running anything; our own jobs travel
as JSON and run."""

from __future__ import annotations

import json
import os
import pickle
import time
import uuid
from pathlib import Path

import pytest
from arq.constants import job_key_prefix
from arq.worker import Worker

from infra_mind.adapters.arq.jobs import RECONCILE, RUN_ASSESSMENT, queue_name
from infra_mind.adapters.arq.queue import ArqJobQueue
from infra_mind.adapters.redis.client import redis_client
from infra_mind.config import Settings, load_settings
from infra_mind.entrypoints.worker.settings import make_worker_settings

pytestmark = pytest.mark.anyio


class Exploit:
    """Unpickling this runs a shell command: what anyone able to write to Redis could plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def planted_job(marker: Path) -> bytes:
    """arq's own job record, pickled as arq's default serializer would write it."""
    now_ms = int(time.time() * 1000)
    job = {"t": 1, "f": RUN_ASSESSMENT, "a": [Exploit(marker)], "k": {}, "et": now_ms}
    return pickle.dumps(job)


def scale_out(tmp_path: Path, redis_url: str) -> Settings:
    return load_settings(
        data_dir=tmp_path,
        storage={"backend": "memory"},
        queue={"backend": "arq", "reconcile_s": 30},
        redis={"url": redis_url, "key_prefix": f"safe{uuid.uuid4().hex[:8]}"},
    )


async def drain(settings: Settings) -> Worker:
    """The shipped worker settings, in burst mode: run what is queued, then stop."""
    worker = Worker(
        **make_worker_settings(queue="assessments", settings=settings),
        burst=True,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        await worker.close()
    return worker


async def test_a_pickled_job_is_refused_and_runs_nothing(tmp_path: Path, redis_url: str) -> None:
    settings = scale_out(tmp_path, redis_url)
    marker = tmp_path / "pwned"
    payload = planted_job(marker)
    job_id = f"{settings.redis.key_prefix}:planted"
    async with redis_client(settings.redis) as redis:
        await redis.set(job_key_prefix + job_id, payload)
        queue = queue_name(settings.redis.key_prefix, "assessments")
        await redis.zadd(queue, {job_id: time.time() * 1000})
        worker = await drain(settings)
        left = await redis.exists(job_key_prefix + job_id)
    ran_in_worker = marker.exists()
    pickle.loads(payload)  # the payload is live: unpickled here, it does run
    assert (ran_in_worker, worker.jobs_failed, left, marker.exists()) == (False, 1, 0, True)


async def test_our_jobs_are_stored_as_json_and_run(tmp_path: Path, redis_url: str) -> None:
    settings = scale_out(tmp_path, redis_url)
    prefix = settings.redis.key_prefix
    async with redis_client(settings.redis) as redis:
        await ArqJobQueue(redis, prefix=prefix).enqueue_assessment("acme", "a1")
        key = job_key_prefix + f"{prefix}:assessment:acme:a1"
        stored = await redis.get(key)
        worker = await drain(settings)
        left = await redis.exists(key)
    record = json.loads(stored)
    assert (
        record["f"],
        record["a"],
        worker.jobs_failed,
        left,
    ) == (RUN_ASSESSMENT, ["acme", "a1"], 0, 0)


async def test_a_job_of_ours_with_a_foreign_argument_is_refused(
    tmp_path: Path, redis_url: str
) -> None:
    settings = scale_out(tmp_path, redis_url)
    job_id = f"{settings.redis.key_prefix}:odd"
    record = {"t": 1, "f": RECONCILE, "a": [{"$class": "os.system"}], "k": {}, "et": 1}
    async with redis_client(settings.redis) as redis:
        await redis.set(job_key_prefix + job_id, json.dumps(record))
        queue = queue_name(settings.redis.key_prefix, "assessments")
        await redis.zadd(queue, {job_id: time.time() * 1000})
        worker = await drain(settings)
    assert worker.jobs_failed == 1
