"""Large renders go to the reports queue: the API answers 202 + Retry-After, a reports
worker (the ``render_report`` job) renders into the shared Redis cache, the API then
serves the file."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from arq.worker import Worker
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from infra_mind.entrypoints.worker.settings import make_worker_settings
from tests.entrypoints.http.helpers import authenticate
from tests.factories import EXAMPLES
from tests.reports_world import ReportWorld

pytestmark = pytest.mark.anyio


async def test_a_large_render_is_queued_then_served(
    report_world: ReportWorld, redis_url: str, tmp_path: Path
) -> None:
    shutil.copy(report_world.data_dir / "infra-mind.db", tmp_path / "infra-mind.db")
    settings = load_settings(
        storage={"backend": "sqlite"},
        data_dir=tmp_path,
        queue={"backend": "arq"},
        redis={"url": redis_url, "key_prefix": f"r{uuid.uuid4().hex[:8]}"},
        reports={"queue_above": 0},  # every render is large
    )
    outcome = report_world.outcomes[EXAMPLES[0]]
    url = f"/api/v1/assessments/{outcome.assessment.id}/reports/compliance.md"
    async with AsyncTestClient(create_app(build_container(settings))) as client:
        await authenticate(client)
        queued = await client.get(url)
        worker = Worker(
            **make_worker_settings(
                lambda: build_container(settings), queue="reports", settings=settings
            ),
            burst=True,
        )
        await worker.main()
        await worker.close()
        served = await client.get(url)
    assert (
        queued.status_code,
        queued.headers["retry-after"],
        worker.jobs_complete,
        served.status_code,
        served.content.startswith(f"# {outcome.assessment.title}".encode()),
    ) == (202, "2", 1, 200, True)
