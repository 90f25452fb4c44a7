"""Usage counts contract (assessments, agent results): memory, SQLite and MongoDB alike."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infra_mind.domain.assessment import AssessmentStatus as S
from infra_mind.domain.results import ResultStatus
from infra_mind.domain.usage import AgentRunCounts, AssessmentCounts
from tests.adapters.storage.builders import BASE, assessment, result
from tests.adapters.storage.conftest import Stores

pytestmark = pytest.mark.anyio
SINCE = BASE + timedelta(days=1)


async def test_assessment_counts_count_those_created_since_by_status(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    for a in [
        assessment(tenant, at=SINCE, status=S.COMPLETED),
        assessment(tenant, at=SINCE + timedelta(hours=1), status=S.COMPLETED),
        assessment(tenant, at=SINCE + timedelta(hours=2), status=S.DRAFT),
        assessment(tenant, at=SINCE - timedelta(seconds=1), status=S.COMPLETED),
        assessment(other_tenant, at=SINCE, status=S.COMPLETED),
    ]:
        await stores.assessments.add(a)

    counts = await stores.assessments.counts(tenant, SINCE)

    assert counts == AssessmentCounts(by_status={"completed": 2, "draft": 1}, active=0)


async def test_assessment_counts_count_every_queued_or_running_one_as_active(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    for a in [
        assessment(tenant, at=SINCE - timedelta(days=30), status=S.RUNNING),
        assessment(tenant, at=SINCE, status=S.QUEUED),
        assessment(tenant, at=SINCE, status=S.PAUSED),
        assessment(other_tenant, at=SINCE, status=S.RUNNING),
    ]:
        await stores.assessments.add(a)

    counts = await stores.assessments.counts(tenant, SINCE)

    assert counts == AssessmentCounts(by_status={"queued": 1, "paused": 1}, active=2)


async def test_assessment_counts_of_a_tenant_without_assessments_are_zero(
    stores: Stores, tenant: str
) -> None:
    assert await stores.assessments.counts(tenant, SINCE) == AssessmentCounts()


async def test_agent_run_counts_count_results_since_by_status_with_their_attempts(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    for r in [
        result(tenant, "a1", "cto", created_at=SINCE, attempts=1),
        result(tenant, "a1", "mlops", created_at=SINCE, attempts=3),
        result(tenant, "a1", "research", created_at=SINCE, status=ResultStatus.FAILED, attempts=2),
        result(tenant, "a0", "cto", created_at=SINCE - timedelta(seconds=1)),
        result(other_tenant, "a1", "cto", created_at=SINCE),
    ]:
        await stores.results.save(r)

    counts = await stores.results.counts(tenant, SINCE)

    assert counts == AgentRunCounts(by_status={"completed": 2, "failed": 1}, attempts=6)


async def test_agent_run_counts_of_a_tenant_without_results_are_zero(
    stores: Stores, tenant: str
) -> None:
    assert await stores.results.counts(tenant, SINCE) == AgentRunCounts()
