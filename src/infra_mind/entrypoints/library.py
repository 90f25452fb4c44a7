"""The library API: run an assessment from Python and get the typed outcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import anyio

from infra_mind.config import Settings, load_settings
from infra_mind.container import ApplicationContainer, build_container, resolve, running_container
from infra_mind.domain.errors import Overloaded
from infra_mind.domain.events import ProgressEvent
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.outcome import AssessmentOutcome

EventHook = Callable[[ProgressEvent], Awaitable[None]]


async def run_in_container(
    container: ApplicationContainer,
    data: AssessmentInput,
    *,
    tenant_id: str | None = None,
    on_event: EventHook | None = None,
    on_submitted: Callable[[str], None] | None = None,
    on_overloaded: Callable[[Overloaded], None] | None = None,
) -> AssessmentOutcome:
    """Submit and follow one assessment in an already started container.

    With the in-process queue this process runs the workflow; with a worker
    queue it waits for the workers and follows their events. While the queue is
    at its admission limit, waits the Retry-After it names and submits again."""
    settings: Settings = container.settings()
    tenant = tenant_id or settings.default_tenant
    service = await resolve(container.services.assessment_service)
    queue = await resolve(container.messaging.queue)
    async with anyio.create_task_group() as tg:
        if settings.queue.backend == "inprocess":
            await tg.start(queue.serve)
        while True:
            try:
                submitted = await service.submit(tenant, data)
                break
            except Overloaded as exc:
                if on_overloaded is not None:
                    on_overloaded(exc)
                await anyio.sleep(exc.retry_after_s)
        if on_submitted is not None:
            on_submitted(submitted.id)
        await service.wait(tenant, submitted.id, on_event)
        tg.cancel_scope.cancel()
    return await service.outcome(tenant, submitted.id)  # type: ignore[no-any-return]


async def assess(
    data: AssessmentInput | Mapping[str, Any],
    *,
    settings: Settings | None = None,
    tenant_id: str | None = None,
) -> AssessmentOutcome:
    """Run the whole workflow for ``data`` and return the outcome.

    ``settings`` default to the environment (the embedded default: SQLite under
    the data directory, in-process queue, offline LLM)."""
    parsed = data if isinstance(data, AssessmentInput) else AssessmentInput.model_validate(data)
    container = build_container(settings or load_settings())
    async with running_container(container):
        return await run_in_container(container, parsed, tenant_id=tenant_id)


def assess_sync(
    data: AssessmentInput | Mapping[str, Any],
    *,
    settings: Settings | None = None,
    tenant_id: str | None = None,
) -> AssessmentOutcome:
    """Blocking form of :func:`assess` for scripts and notebooks without a loop."""

    async def main() -> AssessmentOutcome:
        return await assess(data, settings=settings, tenant_id=tenant_id)

    return anyio.run(main)
