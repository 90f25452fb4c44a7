"""In-memory repositories: small working fakes for unit tests and the ``memory`` backend."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from infra_mind.adapters.cursor import decode_cursor, encode_cursor
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import ConcurrencyConflict, NotFound
from infra_mind.domain.recommendation import RecommendationBundle
from infra_mind.domain.results import AgentResult
from infra_mind.domain.usage import ACTIVE, AgentRunCounts, AssessmentCounts
from infra_mind.ports.repositories import AssessmentRef, Page


class InMemoryAssessmentRepository:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Assessment] = {}

    async def add(self, assessment: Assessment) -> Assessment:
        key = (assessment.tenant_id, assessment.id)
        if key in self._rows:
            raise ConcurrencyConflict("assessment", assessment.id, 0, self._rows[key].version)
        stored = assessment.model_copy(update={"version": 1})
        self._rows[key] = stored
        return stored

    async def get(self, tenant_id: str, assessment_id: str) -> Assessment:
        try:
            return self._rows[(tenant_id, assessment_id)]
        except KeyError:
            raise NotFound("assessment", assessment_id) from None

    async def save(self, assessment: Assessment) -> Assessment:
        key = (assessment.tenant_id, assessment.id)
        current = self._rows.get(key)
        if current is None:
            raise NotFound("assessment", assessment.id)
        if current.version != assessment.version:
            raise ConcurrencyConflict(
                "assessment", assessment.id, assessment.version, current.version
            )
        stored = assessment.model_copy(update={"version": assessment.version + 1})
        self._rows[key] = stored
        return stored

    async def delete(
        self, tenant_id: str, assessment_id: str, *, version: int | None = None
    ) -> None:
        current = self._rows.get((tenant_id, assessment_id))
        if current is None:
            raise NotFound("assessment", assessment_id)
        if version is not None and current.version != version:
            raise ConcurrencyConflict("assessment", assessment_id, version, current.version)
        del self._rows[(tenant_id, assessment_id)]

    async def list(
        self,
        tenant_id: str,
        *,
        status: AssessmentStatus | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        rows = [
            a
            for (t, _), a in self._rows.items()
            if t == tenant_id and (status is None or a.status is status)
        ]
        rows.sort(key=lambda a: (a.created_at, a.id), reverse=True)
        if cursor is not None:
            after = decode_cursor(cursor)
            rows = [a for a in rows if (a.created_at, a.id) < after]
        page = rows[:limit]
        more = len(rows) > limit
        return Page(items=page, next_cursor=encode_cursor(page[-1]) if more and page else None)

    async def find_recoverable(self, now: datetime) -> Sequence[AssessmentRef]:
        return [
            AssessmentRef(tenant_id=a.tenant_id, assessment_id=a.id, status=a.status)
            for a in self._rows.values()
            if a.status is AssessmentStatus.QUEUED
            or (
                a.status is AssessmentStatus.RUNNING
                and (a.lease is None or a.lease.expires_at <= now)
            )
        ]

    async def status_counts(self) -> dict[tuple[str, AssessmentStatus], int]:
        return dict(Counter((a.tenant_id, a.status) for a in self._rows.values()))

    async def counts(self, tenant_id: str, since: datetime) -> AssessmentCounts:
        mine = [a for a in self._rows.values() if a.tenant_id == tenant_id]
        created = Counter(a.status.value for a in mine if a.created_at >= since)
        return AssessmentCounts(
            by_status=dict(created), active=sum(a.status in ACTIVE for a in mine)
        )


class InMemoryAgentResultRepository:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str, str], AgentResult] = {}

    async def save(self, result: AgentResult) -> None:
        self._rows[(result.tenant_id, result.assessment_id, result.node)] = result

    async def list(self, tenant_id: str, assessment_id: str) -> list[AgentResult]:
        return [r for (t, a, _), r in self._rows.items() if (t, a) == (tenant_id, assessment_id)]

    async def get(self, tenant_id: str, assessment_id: str, node: str) -> AgentResult:
        try:
            return self._rows[(tenant_id, assessment_id, node)]
        except KeyError:
            raise NotFound("agent result", f"{assessment_id}/{node}") from None

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        for key in [k for k in self._rows if k[:2] == (tenant_id, assessment_id)]:
            del self._rows[key]

    async def counts(self, tenant_id: str, since: datetime) -> AgentRunCounts:
        mine = [
            r for r in self._rows.values() if r.tenant_id == tenant_id and r.created_at >= since
        ]
        return AgentRunCounts(
            by_status=dict(Counter(r.status.value for r in mine)),
            attempts=sum(r.attempts for r in mine),
        )


class InMemoryRecommendationRepository:
    def __init__(self) -> None:
        self._by_assessment: dict[tuple[str, str], list[RecommendationBundle]] = {}

    async def replace_for(
        self, tenant_id: str, assessment_id: str, bundles: Sequence[RecommendationBundle]
    ) -> None:
        ranked = sorted(bundles, key=lambda b: b.recommendation.rank)
        self._by_assessment[(tenant_id, assessment_id)] = ranked

    async def list_bundles(self, tenant_id: str, assessment_id: str) -> list[RecommendationBundle]:
        return list(self._by_assessment.get((tenant_id, assessment_id), []))

    async def list_bundles_of(
        self, tenant_id: str, assessment_ids: Sequence[str]
    ) -> list[RecommendationBundle]:
        return [b for a in assessment_ids for b in self._by_assessment.get((tenant_id, a), [])]

    async def get_bundle(self, tenant_id: str, recommendation_id: str) -> RecommendationBundle:
        for (t, _), bundles in self._by_assessment.items():
            if t != tenant_id:
                continue
            for b in bundles:
                if b.recommendation.id == recommendation_id:
                    return b
        raise NotFound("recommendation", recommendation_id)

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        self._by_assessment.pop((tenant_id, assessment_id), None)
