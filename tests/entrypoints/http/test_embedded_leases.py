"""Two embedded API processes on one SQLite file: start-up recovery runs an assessment once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import anyio
import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from infra_mind.config import Settings, load_settings
from infra_mind.container import ApplicationContainer, build_container, resolve, running_container
from infra_mind.domain.workflow import assessment_graph
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import authenticate, bearer, wait_rest
from tests.entrypoints.worker.app import RecordingNodes
from tests.factories import example_input

pytestmark = pytest.mark.anyio


def embedded(settings: Settings, runlog: Path) -> ApplicationContainer:
    """The real container on the shared file, with nodes that take a moment and log each run."""
    container = build_container(settings)
    services = container.services.last_overriding()
    services.agents.override(providers.Object(RecordingNodes(runlog, base_s=0.2)))
    return container


def node_starts(runlog: Path) -> Counter[str]:
    lines = runlog.read_text().splitlines() if runlog.exists() else []
    return Counter(line.split()[2] for line in lines if line.split()[3] == "start")


async def test_two_processes_recovering_one_file_run_a_queued_assessment_once(
    tmp_path: Path,
) -> None:
    settings = load_settings(
        data_dir=tmp_path,
        storage={"backend": "sqlite"},
        queue={"lease_ttl_s": 5.0, "heartbeat_s": 0.5},
        engine={"control_poll_s": 0.05},
    )
    runlog = tmp_path / "runs.log"
    # A process accepted the assessment and stopped before running it.
    async with running_container(embedded(settings, runlog)) as crashed:
        service = await resolve(crashed.services.assessment_service)
        accepted = await service.submit(settings.default_tenant, example_input())

    first, second = create_app(embedded(settings, runlog)), create_app(embedded(settings, runlog))
    async with AsyncTestClient(first) as a, AsyncTestClient(second) as b:
        b.headers.update(bearer(await authenticate(a)))  # one store: one key serves both
        body = await wait_rest(a, accepted.id)
        await anyio.sleep(0.5)  # time for a second run to show itself, were there one
        seen_by_b = (await b.get(f"/api/v1/assessments/{accepted.id}/status")).json()

    assert body["status"] == "completed"
    assert seen_by_b["status"] == "completed"
    assert dict.fromkeys(assessment_graph().nodes, 1) == dict(node_starts(runlog))
