"""Fault drills on the embedded default, each against a real ``infra-mind serve`` process:
after the fault clears, the same process answers 2xx again, without a restart."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import anyio
import pytest

from infra_mind.adapters.sqlite import SqliteAssessmentRepository, open_sqlite
from infra_mind.domain.assessment import AssessmentStatus
from tests.adapters.storage.builders import assessment
from tests.entrypoints.http.server import server_env, serving, wait_status
from tests.factories import example_document

API = "/api/v1"
# Short leases and reconciler passes so a run cut off by the fault is picked up quickly.
FAST_RECOVERY = {
    "INFRA_MIND_QUEUE__LEASE_TTL_S": "2",
    "INFRA_MIND_QUEUE__HEARTBEAT_S": "0.5",
    "INFRA_MIND_QUEUE__RECONCILE_S": "1",
    "INFRA_MIND_ENGINE__CONTROL_POLL_S": "0.1",
}
LOCK_S = 4.0  # the 15 s, shortened: the busy timeout (a setting) is shortened too


@pytest.mark.slow
def test_deleting_and_cancelling_running_assessments_never_stops_the_server(
    tmp_path: Path,
) -> None:
    with serving(server_env(tmp_path, **FAST_RECOVERY)) as server, server.client() as c:
        deletes = []
        for _ in range(3):
            aid = c.post(f"{API}/assessments", json=example_document()).json()["id"]
            deletes.append(c.delete(f"{API}/assessments/{aid}").status_code)
            c.post(f"{API}/assessments/{aid}/cancel")
            deletes.append(c.delete(f"{API}/assessments/{aid}").status_code)
        after = c.post(f"{API}/assessments", json=example_document())
        status = wait_status(c, after.json()["id"], {"completed", "failed"})
        ready = c.get("/health/ready").status_code

    assert set(deletes) <= {204, 404, 409}, deletes
    assert (after.status_code, status, ready) == (202, "completed", 200)


@pytest.mark.slow
def test_a_sqlite_file_locked_by_another_process_answers_503_then_recovers(
    tmp_path: Path,
) -> None:
    env = server_env(tmp_path, INFRA_MIND_STORAGE__SQLITE_BUSY_TIMEOUT_S="0.5", **FAST_RECOVERY)
    with serving(env) as server, server.client() as c:
        running = [
            c.post(f"{API}/assessments", json=example_document()).json()["id"] for _ in range(3)
        ]
        locker = sqlite3.connect(tmp_path / "infra-mind.db", isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
        locked_at = time.monotonic()
        ready_during = c.get("/health/ready")
        post_during = c.post(f"{API}/assessments", json=example_document())
        time.sleep(max(0.0, LOCK_S - (time.monotonic() - locked_at)))
        locker.execute("COMMIT")
        locker.close()
        released_at = time.monotonic()
        while c.get("/health/ready").status_code != 200:
            assert time.monotonic() - released_at < 10, "readiness never recovered"
            time.sleep(0.05)
        ready_after_s = time.monotonic() - released_at
        post_after = c.post(f"{API}/assessments", json=example_document())
        finals = [wait_status(c, aid, {"completed", "failed"}) for aid in running]
    print(f"sqlite lock {LOCK_S:g} s: ready again {ready_after_s:.2f} s after release")

    assert ready_during.status_code == 503
    assert (post_during.status_code, post_during.headers.get("retry-after")) == (503, "5")
    assert post_after.status_code == 202
    assert finals == ["completed"] * 3


BACKLOG = 3_000


async def queue_backlog(data_dir: Path, count: int) -> None:
    async with open_sqlite(data_dir / "infra-mind.db") as db:
        repo = SqliteAssessmentRepository(db)
        for _ in range(count):
            await repo.add(assessment("default", status=AssessmentStatus.QUEUED))


def seconds_to_first_answer(data_dir: Path) -> float:
    """From starting ``serve`` to its first authenticated 200 (a list of assessments)."""
    env = server_env(data_dir, INFRA_MIND_QUEUE__CONCURRENCY="1")
    with serving(env) as server, server.client() as c:
        while c.get(f"{API}/assessments", params={"limit": 1}).status_code != 200:
            time.sleep(0.05)
        return time.monotonic() - server.started_at


@pytest.mark.slow
def test_a_backlog_of_thousands_of_queued_assessments_does_not_delay_serving(
    tmp_path: Path,
) -> None:
    empty_s = seconds_to_first_answer(tmp_path / "empty")
    anyio.run(queue_backlog, tmp_path / "backlog", BACKLOG)
    backlog_s = seconds_to_first_answer(tmp_path / "backlog")
    print(f"first 200: {empty_s:.1f} s on an empty store, {backlog_s:.1f} s with {BACKLOG} queued")

    # Re-enqueueing happens in the background: the backlog costs the start-up nothing
    # beyond noise (the same machine, the same run; 2x absorbs a loaded machine).
    assert backlog_s <= 2 * empty_s
