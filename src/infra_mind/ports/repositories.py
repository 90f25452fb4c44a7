"""Repository ports. Every call names its tenant; there is no unscoped read or write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.recommendation import RecommendationBundle
from infra_mind.domain.results import AgentResult
from infra_mind.domain.usage import AgentRunCounts, AssessmentCounts


class Page(BaseModel):
    """One page of assessments, newest first; ``next_cursor`` is None on the last page."""

    model_config = ConfigDict(frozen=True)

    items: list[Assessment]
    next_cursor: str | None = None


class AssessmentRef(BaseModel):
    """An assessment named across tenants, for system work (recovery, reconciling)."""

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    assessment_id: str
    status: AssessmentStatus


@runtime_checkable
class AssessmentRepository(Protocol):
    """Stores assessments with optimistic concurrency.

    ``add`` raises ConcurrencyConflict when the id exists. ``save`` writes only
    when the stored version equals ``assessment.version`` and returns the
    stored copy with ``version + 1``; otherwise it raises ConcurrencyConflict
    (never a silent overwrite). ``get`` raises NotFound. Implementations raise
    StorageUnavailable when the store cannot be reached.
    """

    async def add(self, assessment: Assessment) -> Assessment: ...

    async def get(self, tenant_id: str, assessment_id: str) -> Assessment: ...

    async def save(self, assessment: Assessment) -> Assessment: ...

    async def delete(
        self, tenant_id: str, assessment_id: str, *, version: int | None = None
    ) -> None:
        """NotFound when absent; with ``version``, ConcurrencyConflict unless the
        stored version is that one (a run that took the lease meanwhile wins)."""
        ...

    async def list(
        self,
        tenant_id: str,
        *,
        status: AssessmentStatus | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page: ...

    async def find_recoverable(self, now: datetime) -> Sequence[AssessmentRef]:
        """System scope: queued assessments, and running ones whose lease expired
        (or that have none). Used by the reconciler and the embedded runner."""
        ...

    async def status_counts(self) -> Mapping[tuple[str, AssessmentStatus], int]:
        """System scope: how many assessments each (tenant, status) has, in one aggregate
        query (admission control reads the queued work and the finished total from it)."""
        ...

    async def counts(self, tenant_id: str, since: datetime) -> AssessmentCounts:
        """The tenant's assessments created at or after ``since`` by status, and how many of
        all its assessments are queued or running, in one aggregate query (quotas, usage)."""
        ...


@runtime_checkable
class AgentResultRepository(Protocol):
    """Node checkpoints: one result per (tenant, assessment, node); ``save`` upserts."""

    async def save(self, result: AgentResult) -> None: ...

    async def list(self, tenant_id: str, assessment_id: str) -> list[AgentResult]: ...

    async def get(self, tenant_id: str, assessment_id: str, node: str) -> AgentResult: ...

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None: ...

    async def counts(self, tenant_id: str, since: datetime) -> AgentRunCounts:
        """The tenant's results stored at or after ``since`` by status, with their attempts,
        in one aggregate query (usage metering)."""
        ...


@runtime_checkable
class RecommendationRepository(Protocol):
    """Recommendations with their cost, compliance and plan documents.

    ``replace_for`` swaps an assessment's whole set at once. ``list_bundles``
    reads recommendations with their three documents in a constant number of
    store round trips, ranked (rank 1 first).
    """

    async def replace_for(
        self, tenant_id: str, assessment_id: str, bundles: Sequence[RecommendationBundle]
    ) -> None: ...

    async def list_bundles(
        self, tenant_id: str, assessment_id: str
    ) -> list[RecommendationBundle]: ...

    async def get_bundle(self, tenant_id: str, recommendation_id: str) -> RecommendationBundle: ...

    async def list_bundles_of(
        self, tenant_id: str, assessment_ids: Sequence[str]
    ) -> list[RecommendationBundle]:
        """The bundles of every assessment in ``assessment_ids`` in one query (analytics over
        many assessments in a constant number of round trips)."""
        ...

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None: ...
