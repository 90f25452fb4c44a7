"""The embedded server's job runner: the in-process queue, supervised, and its reconciler.

Neither may take the server down: the queue is restarted if it ever stops with an error,
and the reconciler (which finds assessments to run after a restart, a store outage or a
failed job) runs in the background, so a large backlog never delays the first request."""

from __future__ import annotations

import logging

import anyio
from anyio.abc import TaskStatus

from infra_mind.container import ApplicationContainer, resolve

log = logging.getLogger(__name__)

RESTART_BACKOFF_S = (0.1, 0.5, 1.0, 2.0, 5.0)


async def supervise_queue(
    container: ApplicationContainer, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED
) -> None:
    """Serve the in-process queue; restart it, with backoff, whenever it stops with an error.
    Started once the queue exists: jobs enqueued before it serves wait in the queue."""
    queue = await resolve(container.messaging.queue)
    task_status.started()
    failures = 0
    while True:
        try:
            await queue.serve()
        # The runner must outlive any defect in it: log, back off, serve again.
        except Exception:
            log.exception("in-process queue stopped; restarting")
        await anyio.sleep(RESTART_BACKOFF_S[min(failures, len(RESTART_BACKOFF_S) - 1)])
        failures += 1


async def reconcile_forever(container: ApplicationContainer) -> None:
    """Once at start-up (no grace period), then every ``queue.reconcile_s`` seconds."""
    first = await resolve(container.services.startup_reconciler)
    periodic = await resolve(container.services.reconciler)
    interval = container.settings().queue.reconcile_s
    reconciler = first
    while True:
        try:
            recovered = await reconciler.reconcile()
            if recovered and reconciler is first:
                log.info("re-enqueued %d unfinished assessments", recovered)
        # A store outage must not end recovery: the next pass tries again.
        except Exception as exc:
            log.warning("reconcile pass failed: %s", exc)
        reconciler = periodic
        await anyio.sleep(interval)
