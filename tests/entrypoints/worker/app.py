"""The container used by both sides of the worker tests (and bench/recovery.py):
the real one, on a shared SQLite file (or the configured MongoDB), with agents replaced by
slow recorders.

Run as a worker: ``python -m tests.entrypoints.worker.app``. Every node start and
end is appended to ``INFRA_MIND_TEST_RUNLOG`` as ``pid assessment node start|end t``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path

import anyio
from dependency_injector import containers, providers

from infra_mind.adapters.sqlite import (
    SqliteAgentResultRepository,
    SqliteAssessmentRepository,
    SqliteRecommendationRepository,
    open_sqlite,
)
from infra_mind.config import Settings, load_settings
from infra_mind.container import ApplicationContainer, build_container
from infra_mind.domain.assessment import Assessment
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.domain.workflow import ANALYSTS
from infra_mind.entrypoints.worker import run

FAST_ANALYSTS = frozenset(ANALYSTS[:4])


class _SharedSqlite(containers.DeclarativeContainer):
    path = providers.Dependency(instance_of=str)
    database = providers.Resource(open_sqlite, path)
    assessments = providers.Singleton(SqliteAssessmentRepository, database)
    results = providers.Singleton(SqliteAgentResultRepository, database)
    recommendations = providers.Singleton(SqliteRecommendationRepository, database)


class RecordingNodes:
    """Sleeps ``base_s`` per node (half for four analysts, so some finish before
    others) and records each start and end with this process id."""

    def __init__(self, runlog: Path, base_s: float) -> None:
        self._runlog = runlog
        self._base_s = base_s

    def _write(self, assessment_id: str, node: str, what: str) -> None:
        line = f"{os.getpid()} {assessment_id} {node} {what} {time.time():.6f}\n"
        fd = os.open(self._runlog, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    async def __call__(
        self, node: str, assessment: Assessment, upstream: Mapping[str, AgentResult]
    ) -> AgentOutput:
        self._write(assessment.id, node, "start")
        await anyio.sleep(self._base_s * (0.5 if node in FAST_ANALYSTS else 1.5))
        self._write(assessment.id, node, "end")
        return AgentOutput(facts={"node": node, "upstream": sorted(upstream)})


def build_test_container(settings: Settings | None = None) -> ApplicationContainer:
    settings = settings or load_settings()
    container = build_container(settings)
    if settings.storage.backend != "mongo":  # MongoDB is shared by every process already
        container.storage.override(_SharedSqlite(path=str(settings.data_dir / "shared.db")))
    runlog = Path(os.environ.get("INFRA_MIND_TEST_RUNLOG", settings.data_dir / "runs.log"))
    nodes = RecordingNodes(runlog, float(os.environ.get("INFRA_MIND_TEST_NODE_S", "0.5")))
    services = container.services.last_overriding()
    services.agents.override(providers.Object(nodes))
    return container


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s")
    run("assessments", build_test_container)
