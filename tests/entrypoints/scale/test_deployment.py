"""A scaled-out deployment on loopback — two ``infra-mind serve`` processes, two arq workers,
one SQLite file, Redis master + replica + three sentinels — and what it must survive.

One deployment serves the module (starting processes dominates the cost on two
cores); the failover drill runs last because it kills the Redis master.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx
import pytest

from infra_mind.adapters.auth.jwt_tokens import jwt_tokens
from infra_mind.adapters.auth.settings import AuthSettings
from infra_mind.domain.access import Principal, Role
from tests.entrypoints.http.test_auth import UNAUTHENTICATED
from tests.entrypoints.http.test_events import parse_sse
from tests.entrypoints.scale.harness import Deployment
from tests.factories import example_document
from tests.redis_server import SentinelCluster, sentinel_cluster

pytestmark = [pytest.mark.anyio, pytest.mark.slow]
API = "/api/v1"
LAST_NODE = "report_generator"


@pytest.fixture(scope="module")
def redis_ha() -> Iterator[SentinelCluster]:
    with sentinel_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, redis_ha: SentinelCluster
) -> Iterator[Deployment]:
    # ~3 s per assessment (agents sleep 0.5 s per node), 8 at once per worker.
    d = Deployment(
        data_dir=tmp_path_factory.mktemp("deployment"),
        redis_url="",
        prefix=f"dep{uuid.uuid4().hex[:8]}",
        node_s=0.5,
        concurrency=8,
        sentinels=redis_ha.sentinels,
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


async def stream_events(client: httpx.AsyncClient, url: str) -> list[tuple[str, dict[str, Any]]]:
    async with client.stream("GET", url) as response:
        assert response.status_code == 200
        return parse_sse("".join([chunk async for chunk in response.aiter_text()]))


async def completed_ids(client: httpx.AsyncClient, api_url: str) -> set[str]:
    r = await client.get(f"{api_url}{API}/assessments?status=completed&limit=200")
    return {item["id"] for item in r.json()["items"]} if r.status_code == 200 else set()


async def wait_completed(
    client: httpx.AsyncClient, api_url: str, ids: set[str], timeout_s: float
) -> set[str]:
    deadline = time.monotonic() + timeout_s
    while not ids <= (done := await completed_ids(client, api_url)):
        if time.monotonic() > deadline:
            break
        await anyio.sleep(0.5)
    return done & ids


async def test_submitted_on_a_is_streamed_on_b_and_the_work_spreads_over_both_workers(
    deployment: Deployment,
) -> None:
    a, b = deployment.apis
    async with deployment.client() as client:
        followed = await client.post(f"{a.url}{API}/assessments", json=example_document())
        events = await stream_events(
            client, f"{b.url}{API}/assessments/{followed.json()['id']}/events"
        )
        # Twelve at once: more than one worker's eight slots, so both must take some.
        accepted = await deployment.submit(client, 12)
        ids = {r.json()["id"] for r in accepted}
        done = await wait_completed(client, b.url, ids, 60)

    kinds = [kind for kind, _ in events]
    assert kinds[0] == "snapshot"
    assert "node_finished" in kinds
    assert events[-1][1]["status"] == "completed"
    assert [r.status_code for r in accepted] == [202] * 12
    assert done == ids
    assert deployment.pids_that_ran() == deployment.worker_pids()


async def test_a_token_revoked_on_a_is_refused_at_once_by_b(deployment: Deployment) -> None:
    """Two API processes sharing Redis: a revocation on one is seen by the other."""
    a, b = deployment.apis
    key = deployment.auth_headers()["Authorization"].removeprefix("Bearer ")
    async with deployment.client(authenticated=False) as client:
        issued = await client.post(f"{a.url}{API}/auth/token", json={"api_key": key})
        token = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        before = await client.get(f"{b.url}{API}/auth/me", headers=token)
        revoked = await client.post(f"{a.url}{API}/auth/revoke", headers=token)
        after = await client.get(f"{b.url}{API}/auth/me", headers=token)
    assert (before.status_code, revoked.status_code, after.status_code) == (200, 200, 401)


async def test_a_key_revoked_on_a_stops_the_key_and_its_tokens_on_b(
    deployment: Deployment,
) -> None:
    a, b = deployment.apis
    async with deployment.client(authenticated=False) as client:
        created = await client.post(
            f"{a.url}{API}/api-keys",
            json={"role": "viewer", "name": "short-lived"},
            headers=deployment.auth_headers(),
        )
        key = created.json()
        issued = await client.post(f"{b.url}{API}/auth/token", json={"api_key": key["secret"]})
        token = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        await client.delete(f"{a.url}{API}/api-keys/{key['id']}", headers=deployment.auth_headers())
        with_key = await client.get(
            f"{b.url}{API}/auth/me", headers={"Authorization": f"Bearer {key['secret']}"}
        )
        with_token = await client.get(f"{b.url}{API}/auth/me", headers=token)
    assert (with_key.status_code, with_token.status_code) == (401, 401)


async def test_expired_and_malformed_tokens_are_401_on_b_saying_nothing_more(
    deployment: Deployment,
) -> None:
    """Expired (signed with the deployment's own secret), tampered and not a token at
    all: the same problem body, so a caller learns nothing about why."""
    _, b = deployment.apis
    codec = jwt_tokens(AuthSettings(), deployment.data_dir, persist_secret=True)
    who = Principal(tenant_id="default", role=Role.OWNER, subject="key:x", token_id="t-exp")
    expired = codec.issue(who, datetime.now(UTC) - timedelta(minutes=5))
    valid = codec.issue(who, datetime.now(UTC) + timedelta(minutes=5))
    tampered = valid[:-4] + ("AAAA" if not valid.endswith("AAAA") else "BBBB")
    bodies = []
    async with deployment.client(authenticated=False) as client:
        for credential in (expired, tampered, "eyJhbGciOiJub25lIn0.e30.", "not-a-token"):
            r = await client.get(
                f"{b.url}{API}/assessments", headers={"Authorization": f"Bearer {credential}"}
            )
            body = r.json()
            body.pop("instance", None)
            bodies.append((r.status_code, body))
    assert bodies == [(401, UNAUTHENTICATED)] * 4


@dataclass
class Answer:
    kind: str  # "post" or "get"
    sent_at: float
    status: int | None  # None: no HTTP answer at all
    retry_after: str | None
    assessment_id: str | None = None


async def test_failover_under_load_loses_no_accepted_assessment(
    deployment: Deployment, redis_ha: SentinelCluster
) -> None:
    """Submissions through both APIs while the Redis master is killed (``kill -9``)."""
    a, b = deployment.apis
    submissions, interval_s, kill_after = 40, 0.25, 12
    answers: list[Answer] = []
    measured: dict[str, float] = {}

    async def call(client: httpx.AsyncClient, kind: str, url: str) -> None:
        sent = time.time()
        try:
            if kind == "post":
                r = await client.post(url, json=example_document())
            else:
                r = await client.get(url)
        except httpx.TransportError:
            answers.append(Answer(kind, sent, None, None))
            return
        aid = r.json().get("id") if kind == "post" and r.status_code == 202 else None
        answers.append(Answer(kind, sent, r.status_code, r.headers.get("retry-after"), aid))

    def kill_and_time_failover() -> None:
        measured["killed_at"] = time.time()
        redis_ha.kill_master()
        measured["failover_s"] = redis_ha.wait_for_failover()

    async with httpx.AsyncClient(timeout=60, headers=deployment.auth_headers()) as client:
        async with anyio.create_task_group() as tg:
            for i in range(submissions):
                if i == kill_after:
                    tg.start_soon(anyio.to_thread.run_sync, kill_and_time_failover)
                post_to, read_from = (a, b) if i % 2 == 0 else (b, a)
                tg.start_soon(call, client, "post", f"{post_to.url}{API}/assessments")
                tg.start_soon(call, client, "get", f"{read_from.url}{API}/assessments?limit=5")
                await anyio.sleep(interval_s)
        accepted = {x.assessment_id for x in answers if x.assessment_id is not None}
        completed = await wait_completed(client, a.url, accepted, 60)

    killed_at = measured["killed_at"]
    ends = {
        aid: at
        for _, aid, node, what, at in deployment.runs()
        if (node, what) == (LAST_NODE, "end")
    }
    after_kill = [x.assessment_id for x in answers if x.assessment_id and x.sent_at >= killed_at]
    first_done_after_kill = min((ends[aid] for aid in after_kill if aid in ends), default=None)
    statuses = Counter(f"{x.kind} {x.status}" for x in answers)
    report = {
        "submitted": submissions,
        "accepted": len(accepted),
        "completed": len(completed),
        "answers": dict(sorted(statuses.items())),
        "failover_s": round(measured["failover_s"], 2),
        "recovery_s": None
        if first_done_after_kill is None
        else round(first_done_after_kill - killed_at, 2),
        "all_completed_after_kill_s": round(max(ends[aid] for aid in completed) - killed_at, 2),
        "reconciler_reenqueued": reconciled(deployment),
    }
    print(json.dumps(report))

    assert [x for x in answers if x.status is None] == []  # the APIs kept answering
    # 503 (a dependency failing over) and 429 (admission control) both say when to retry.
    assert {x.status for x in answers} <= {200, 202, 429, 503}
    assert all(x.retry_after for x in answers if x.status in (429, 503))
    assert completed == accepted  # nothing accepted was lost
    assert first_done_after_kill is not None  # processing resumed after the switch
    assert all(w.poll() is None for w in deployment.workers)


def reconciled(deployment: Deployment) -> int:
    """Assessments the workers' reconcilers enqueued again (from their logs)."""
    total = 0
    for log in deployment.data_dir.glob("worker-*.log"):
        total += sum(int(n) for n in re.findall(r"reconciler re-enqueued (\d+)", log.read_text()))
    return total
