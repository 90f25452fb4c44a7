"""The worker's jobs: thin — get the service from the container, call it, return primitives."""

from __future__ import annotations

from typing import Any

from infra_mind.container import resolve


async def run_assessment(ctx: dict[str, Any], tenant_id: str, assessment_id: str) -> str:
    runner = await resolve(ctx["container"].services.worker_runner)
    final = await runner.run(tenant_id, assessment_id)
    return "skipped" if final is None else str(final.status.value)


async def render_report(ctx: dict[str, Any], tenant_id: str, assessment_id: str) -> int:
    service = await resolve(ctx["container"].services.assessment_service)
    outcome = await service.outcome(tenant_id, assessment_id)
    return len(outcome.recommendations)


async def reconcile(ctx: dict[str, Any]) -> int:
    reconciler = await resolve(ctx["container"].services.reconciler)
    count: int = await reconciler.reconcile()
    return count
