"""Redis with an ACL user (the default user disabled), on TLS and behind a sentinel: the
right credentials serve every Redis use (queue, events, cache, revocation, the worker's
own connection); a wrong password stops start-up naming the variables, never the value."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from arq.worker import Worker
from typer.testing import CliRunner

from infra_mind.config import ConfigurationError, Settings, load_settings
from infra_mind.container import build_container, resolve, running_container
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.entrypoints.cli.main import CliState, app
from infra_mind.entrypoints.worker.settings import make_worker_settings
from tests.adapters.test_event_bus_contract import take
from tests.redis_secure import PASSWORD, SecureRedis, secure_redis

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def acl_redis() -> Iterator[SecureRedis]:
    with secure_redis() as server:
        yield server


@pytest.fixture(scope="module")
def tls_redis() -> Iterator[SecureRedis]:
    with secure_redis(tls=True) as server:
        yield server


@pytest.fixture(scope="module")
def sentinel_redis() -> Iterator[SecureRedis]:
    with secure_redis(sentinel=True) as server:
        yield server


def scale_out(tmp_path: Path, server: SecureRedis, password: str = PASSWORD) -> Settings:
    prefix = f"acl{uuid.uuid4().hex[:8]}"
    return load_settings(
        data_dir=tmp_path,
        storage={"backend": "memory"},
        queue={"backend": "arq", "reconcile_s": 30},
        redis=server.redis_settings(password, key_prefix=prefix),
    )


def progress() -> ProgressEvent:
    return ProgressEvent(
        type=EventType.NODE_FINISHED,
        tenant_id="acme",
        assessment_id="a1",
        at=datetime.now(UTC),
        node="n1",
        status="completed",
        progress=0.5,
    )


async def every_redis_use(settings: Settings) -> tuple[bool, str | None, bytes | None, bool, int]:
    """Enqueue, publish/subscribe, cache and revoke through the container's clients, then
    drain the job with the worker's own connection: what each use saw."""
    async with running_container(build_container(settings)) as container:
        queue = await resolve(container.messaging.queue)
        events = await resolve(container.messaging.events)
        cache = await resolve(container.messaging.cache)
        revocations = await resolve(container.messaging.revocations)
        enqueued = await queue.enqueue_assessment("acme", "a1")
        async with events.subscribe("acme", "a1") as stream:
            await events.publish(progress())
            [seen] = await take(stream, 1)
        await cache.set("k", b"v", 60)
        await revocations.revoke("jti-1", datetime.now(UTC) + timedelta(minutes=5))
        revoked = await revocations.is_revoked("jti-1")
        cached = await cache.get("k")
    worker = Worker(**make_worker_settings(settings=settings), burst=True, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
    return (enqueued, seen.node, cached, revoked, worker.jobs_failed)


EVERY_USE_WORKS = (True, "n1", b"v", True, 0)


async def test_the_acl_user_serves_every_redis_use(tmp_path: Path, acl_redis: SecureRedis) -> None:
    assert await every_redis_use(scale_out(tmp_path, acl_redis)) == EVERY_USE_WORKS


async def test_tls_with_the_ca_bundle_serves_every_redis_use(
    tmp_path: Path, tls_redis: SecureRedis
) -> None:
    assert await every_redis_use(scale_out(tmp_path, tls_redis)) == EVERY_USE_WORKS


async def test_a_sentinel_hands_out_the_master_reached_with_the_acl_user(
    tmp_path: Path, sentinel_redis: SecureRedis
) -> None:
    assert await every_redis_use(scale_out(tmp_path, sentinel_redis)) == EVERY_USE_WORKS


async def test_a_wrong_password_stops_start_up_naming_the_variables_only(
    tmp_path: Path, acl_redis: SecureRedis
) -> None:
    settings = scale_out(tmp_path, acl_redis, password="not-the-password")
    with pytest.raises(ConfigurationError) as refused:
        async with running_container(build_container(settings)):
            pass
    message = str(refused.value)
    assert ("INFRA_MIND_REDIS__PASSWORD" in message, "not-the-password" in message) == (True, False)


def wrong_password_env(tmp_path: Path, server: SecureRedis) -> dict[str, str]:
    return {
        **os.environ,
        "INFRA_MIND_DATA_DIR": str(tmp_path),
        "INFRA_MIND_QUEUE__BACKEND": "arq",
        "INFRA_MIND_REDIS__URL": server.url,
        "INFRA_MIND_REDIS__USERNAME": "infra",
        "INFRA_MIND_REDIS__PASSWORD": "not-the-password",
    }


@pytest.mark.slow
def test_a_worker_with_a_wrong_password_exits_2_naming_the_variables_only(
    tmp_path: Path, acl_redis: SecureRedis
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "infra_mind.entrypoints.worker"],
        env=wrong_password_env(tmp_path, acl_redis),
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    said = done.stderr.decode()
    assert (done.returncode, "INFRA_MIND_REDIS__PASSWORD" in said, "not-the-password" in said) == (
        2,
        True,
        False,
    )


def test_serve_with_a_wrong_password_exits_2_before_listening(
    tmp_path: Path, acl_redis: SecureRedis
) -> None:
    env = wrong_password_env(tmp_path, acl_redis)
    variables = {k: v for k, v in env.items() if k.startswith("INFRA_MIND_")}
    done = CliRunner().invoke(app, ["serve", "--port", "9"], obj=CliState(), env=variables)
    assert (done.exit_code, "INFRA_MIND_REDIS__PASSWORD" in done.stderr) == (2, True)
