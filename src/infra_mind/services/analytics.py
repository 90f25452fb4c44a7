"""Tenant analytics: status counts, durations, agent timings, projected spend, common gaps."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.assessment import Assessment, AssessmentStatus, NodeStatus
from infra_mind.domain.money import total
from infra_mind.ports.repositories import AssessmentRepository, RecommendationRepository


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class DurationStats(BaseModel):
    model_config = ConfigDict(frozen=True)

    count: int
    p50_s: float | None = None
    p95_s: float | None = None


class GapCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework: str
    control_id: str
    description: str
    count: int


class TenantAnalytics(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessments_scanned: int
    truncated: bool
    by_status: dict[str, int]
    duration: DurationStats
    agent_durations: dict[str, DurationStats]
    projected_monthly_spend_by_provider: dict[str, float]
    common_compliance_gaps: list[GapCount]


def _stats(seconds: Sequence[float]) -> DurationStats:
    return DurationStats(
        count=len(seconds), p50_s=percentile(seconds, 50), p95_s=percentile(seconds, 95)
    )


class AnalyticsService:
    """Scans up to ``max_assessments`` of the tenant's newest assessments: two store round trips
    (the assessments, then all their recommendation bundles) however many are stored."""

    def __init__(
        self,
        assessments: AssessmentRepository,
        recommendations: RecommendationRepository,
        max_assessments: int = 1000,
    ) -> None:
        self._assessments = assessments
        self._recommendations = recommendations
        self._max = max_assessments

    async def for_tenant(self, tenant_id: str, top_gaps: int = 10) -> TenantAnalytics:
        scanned, truncated = await self._scan(tenant_id)
        by_status = Counter(a.status.value for a in scanned)
        durations = [
            (a.finished_at - a.started_at).total_seconds()
            for a in scanned
            if a.status is AssessmentStatus.COMPLETED and a.started_at and a.finished_at
        ]
        per_node: dict[str, list[float]] = defaultdict(list)
        for a in scanned:
            for node, p in a.progress.items():
                if p.status is NodeStatus.COMPLETED and p.duration_ms is not None:
                    per_node[node].append(p.duration_ms / 1000)
        spend: dict[str, float] = defaultdict(float)
        gaps: Counter[tuple[str, str]] = Counter()
        described: dict[tuple[str, str], str] = {}
        completed = [a.id for a in scanned if a.status is AssessmentStatus.COMPLETED]
        order = {assessment_id: i for i, assessment_id in enumerate(completed)}
        bundles = await self._recommendations.list_bundles_of(tenant_id, completed)
        bundles.sort(key=lambda b: order[b.recommendation.assessment_id])  # newest first, ranked
        for b in bundles:
            provider = b.cost.provider.value if b.cost.provider else "unspecified"
            spend[provider] = total([spend[provider], b.cost.monthly_total_usd])
            for gap in b.compliance.gaps:
                key = (gap.framework.value, gap.control_id)
                gaps[key] += 1
                described[key] = gap.description
        return TenantAnalytics(
            assessments_scanned=len(scanned),
            truncated=truncated,
            by_status={s.value: by_status.get(s.value, 0) for s in AssessmentStatus},
            duration=_stats(durations),
            agent_durations={n: _stats(v) for n, v in sorted(per_node.items())},
            projected_monthly_spend_by_provider=dict(sorted(spend.items())),
            common_compliance_gaps=[
                GapCount(framework=f, control_id=c, description=described[(f, c)], count=n)
                for (f, c), n in gaps.most_common(top_gaps)
            ],
        )

    async def _scan(self, tenant_id: str) -> tuple[list[Assessment], bool]:
        """The newest ``max_assessments`` in one read (and whether there are more)."""
        page = await self._assessments.list(tenant_id, limit=self._max)
        return list(page.items), page.next_cursor is not None
