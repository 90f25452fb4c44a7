"""Optimistic read-modify-write for assessments."""

from __future__ import annotations

from collections.abc import Callable

from infra_mind.domain.assessment import Assessment
from infra_mind.domain.errors import ConcurrencyConflict
from infra_mind.ports.repositories import AssessmentRepository

MAX_ATTEMPTS = 20


async def update_assessment(
    repo: AssessmentRepository,
    current: Assessment,
    change: Callable[[Assessment], Assessment],
) -> Assessment:
    """Store ``change(current)``; when another writer got there first, reload and
    apply ``change`` to the fresh copy. ``change`` may raise (e.g. IllegalTransition)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            return await repo.save(change(current))
        except ConcurrencyConflict:
            current = await repo.get(current.tenant_id, current.id)
    raise ConcurrencyConflict("assessment", current.id, current.version, None)
