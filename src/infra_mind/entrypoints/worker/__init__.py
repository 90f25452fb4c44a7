"""arq worker entrypoint: ``infra-mind worker`` or ``python -m infra_mind.entrypoints.worker``."""

from __future__ import annotations

from arq.worker import run_worker

from infra_mind.adapters.arq.jobs import QueueKind
from infra_mind.entrypoints.worker.settings import ContainerFactory, make_worker_settings

__all__ = ["make_worker_settings", "run"]


def run(
    queue: QueueKind = "assessments", container_factory: ContainerFactory | None = None
) -> None:
    """Serve one queue until SIGTERM/SIGINT; running assessments are handed back."""
    run_worker(make_worker_settings(container_factory, queue=queue))
