"""ApprovalRepository contract: the same tests against memory, SQLite and MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from infra_mind.adapters.memory.approvals import InMemoryApprovalRepository
from infra_mind.adapters.mongo import MongoApprovalRepository, MongoSettings, open_mongo_database
from infra_mind.adapters.sqlite import open_sqlite
from infra_mind.adapters.sqlite.approvals import SqliteApprovalRepository
from infra_mind.domain.approval import Approval, Decision
from infra_mind.ports.approvals import ApprovalRepository
from tests.adapters.storage.builders import BASE, new_id

pytestmark = pytest.mark.anyio


@pytest.fixture
async def approvals(
    backend: str, mongo_settings: MongoSettings | None, tmp_path: Path
) -> AsyncIterator[ApprovalRepository]:
    if backend == "memory":
        yield InMemoryApprovalRepository()
    elif backend == "sqlite":
        async with open_sqlite(tmp_path / "infra-mind.db") as db:
            yield SqliteApprovalRepository(db)
    else:
        assert mongo_settings is not None
        async with open_mongo_database(mongo_settings) as database:
            yield MongoApprovalRepository(database)
            await database.client.drop_database(mongo_settings.database)


def decision(
    tenant_id: str, assessment_id: str, recommendation_id: str, minutes: int, **update: object
) -> Approval:
    a = Approval(
        id=new_id("ap"),
        tenant_id=tenant_id,
        assessment_id=assessment_id,
        recommendation_id=recommendation_id,
        decision=Decision.APPROVE,
        role="cto",
        comment="Within budget.",
        decided_at=BASE + timedelta(minutes=minutes),
    )
    return a.model_copy(update=update) if update else a


async def test_implements_the_port(approvals: ApprovalRepository) -> None:
    assert isinstance(approvals, ApprovalRepository)


async def test_history_of_a_recommendation_is_oldest_first(
    approvals: ApprovalRepository, tenant: str
) -> None:
    aid, rid = new_id("a"), new_id("r")
    later = decision(tenant, aid, rid, 5, decision=Decision.REJECT, role="cfo", comment="")
    earlier = decision(tenant, aid, rid, 1)
    await approvals.add(later)
    await approvals.add(earlier)
    await approvals.add(decision(tenant, aid, new_id("r"), 3))

    assert [earlier, later] == await approvals.list_for_recommendation(tenant, rid)


async def test_history_of_an_assessment_spans_its_recommendations(
    approvals: ApprovalRepository, tenant: str
) -> None:
    aid = new_id("a")
    written = [decision(tenant, aid, new_id("r"), m) for m in (1, 2, 3)]
    for approval in reversed(written):
        await approvals.add(approval)
    await approvals.add(decision(tenant, new_id("a"), new_id("r"), 0))

    assert written == await approvals.list_for_assessment(tenant, aid)


async def test_delete_for_drops_only_that_assessments_history(
    approvals: ApprovalRepository, tenant: str
) -> None:
    gone, kept = new_id("a"), new_id("a")
    await approvals.add(decision(tenant, gone, new_id("r"), 1))
    survivor = decision(tenant, kept, new_id("r"), 2)
    await approvals.add(survivor)

    await approvals.delete_for(tenant, gone)

    assert await approvals.list_for_assessment(tenant, gone) == []
    assert [survivor] == await approvals.list_for_assessment(tenant, kept)


async def test_another_tenant_never_sees_or_deletes_the_history(
    approvals: ApprovalRepository, tenant: str, other_tenant: str
) -> None:
    aid, rid = new_id("a"), new_id("r")
    mine = decision(tenant, aid, rid, 1)
    await approvals.add(mine)

    await approvals.delete_for(other_tenant, aid)

    assert await approvals.list_for_recommendation(other_tenant, rid) == []
    assert await approvals.list_for_assessment(other_tenant, aid) == []
    assert [mine] == await approvals.list_for_recommendation(tenant, rid)
