"""The worker's jobs: thin — get the service from the container, call it, return primitives."""

from __future__ import annotations

from typing import Any

from infra_mind.container import resolve


async def run_assessment(ctx: dict[str, Any], tenant_id: str, assessment_id: str) -> str:
    runner = await resolve(ctx["container"].services.worker_runner)
    final = await runner.run(tenant_id, assessment_id)
    return "skipped" if final is None else str(final.status.value)


async def render_report(
    ctx: dict[str, Any], tenant_id: str, assessment_id: str, report_type: str, report_format: str
) -> int:
    """Render one report into the shared cache, where the API finds it; its size in bytes."""
    service = await resolve(ctx["container"].reports.report_service)
    size: int = await service.render_queued(tenant_id, assessment_id, report_type, report_format)
    return size


async def reconcile(ctx: dict[str, Any]) -> int:
    reconciler = await resolve(ctx["container"].services.reconciler)
    count: int = await reconciler.reconcile()
    return count
