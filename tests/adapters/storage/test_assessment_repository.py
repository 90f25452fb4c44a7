"""AssessmentRepository contract: the same tests against memory, SQLite and MongoDB."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_mind.domain.assessment import AssessmentStatus, Lease
from infra_mind.domain.errors import ConcurrencyConflict, InvalidInput, NotFound
from infra_mind.ports.repositories import AssessmentRef, AssessmentRepository
from tests.adapters.storage.builders import BASE, assessment, new_id
from tests.adapters.storage.conftest import Stores

pytestmark = pytest.mark.anyio
S = AssessmentStatus


async def test_implements_the_port(stores: Stores) -> None:
    assert isinstance(stores.assessments, AssessmentRepository)


async def test_add_stores_version_one_and_get_returns_the_same_assessment(
    stores: Stores, tenant: str
) -> None:
    original = assessment(tenant)

    added = await stores.assessments.add(original)

    assert original.model_copy(update={"version": 1}) == added
    assert added == await stores.assessments.get(tenant, original.id)


async def test_add_with_an_existing_id_raises_conflict(stores: Stores, tenant: str) -> None:
    first = await stores.assessments.add(assessment(tenant))

    with pytest.raises(ConcurrencyConflict):
        await stores.assessments.add(assessment(tenant, assessment_id=first.id, title="again"))
    assert first == await stores.assessments.get(tenant, first.id)


async def test_get_unknown_id_raises_not_found(stores: Stores, tenant: str) -> None:
    with pytest.raises(NotFound):
        await stores.assessments.get(tenant, "missing")


async def test_save_stores_the_change_and_returns_the_next_version(
    stores: Stores, tenant: str
) -> None:
    added = await stores.assessments.add(assessment(tenant))
    queued = added.transition(S.QUEUED, BASE + timedelta(minutes=1))

    saved = await stores.assessments.save(queued)

    assert queued.model_copy(update={"version": 2}) == saved
    assert saved == await stores.assessments.get(tenant, added.id)


async def test_save_from_a_stale_version_is_refused_and_loses_nothing(
    stores: Stores, tenant: str
) -> None:
    added = await stores.assessments.add(assessment(tenant))
    winner = await stores.assessments.save(added.model_copy(update={"title": "winner"}))

    with pytest.raises(ConcurrencyConflict) as raised:
        await stores.assessments.save(added.model_copy(update={"title": "stale"}))

    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert winner == await stores.assessments.get(tenant, added.id)


async def test_save_of_an_unknown_assessment_raises_not_found(stores: Stores, tenant: str) -> None:
    with pytest.raises(NotFound):
        await stores.assessments.save(assessment(tenant, version=1))


async def test_delete_removes_the_assessment(stores: Stores, tenant: str) -> None:
    added = await stores.assessments.add(assessment(tenant))

    await stores.assessments.delete(tenant, added.id)

    with pytest.raises(NotFound):
        await stores.assessments.get(tenant, added.id)


async def test_delete_at_a_stale_version_is_a_conflict_and_keeps_the_row(
    stores: Stores, tenant: str
) -> None:
    added = await stores.assessments.add(assessment(tenant))
    taken = await stores.assessments.save(added)  # a runner took it meanwhile

    with pytest.raises(ConcurrencyConflict):
        await stores.assessments.delete(tenant, added.id, version=added.version)

    assert taken == await stores.assessments.get(tenant, added.id)


async def test_delete_of_an_unknown_assessment_raises_not_found(
    stores: Stores, tenant: str
) -> None:
    with pytest.raises(NotFound):
        await stores.assessments.delete(tenant, "missing")


async def test_list_is_newest_first_and_filters_by_status(stores: Stores, tenant: str) -> None:
    made = [
        await stores.assessments.add(
            assessment(tenant, at=BASE + timedelta(minutes=i), status=[S.DRAFT, S.QUEUED][i % 2])
        )
        for i in range(5)
    ]

    everything = await stores.assessments.list(tenant)
    queued = await stores.assessments.list(tenant, status=S.QUEUED)

    assert [made[i].id for i in (4, 3, 2, 1, 0)] == [a.id for a in everything.items]
    assert [made[i].id for i in (3, 1)] == [a.id for a in queued.items]
    assert (everything.next_cursor, queued.next_cursor) == (None, None)


async def test_list_pages_with_a_cursor(stores: Stores, tenant: str) -> None:
    made = [
        await stores.assessments.add(assessment(tenant, at=BASE + timedelta(seconds=i)))
        for i in range(5)
    ]

    first = await stores.assessments.list(tenant, limit=2)
    second = await stores.assessments.list(tenant, limit=2, cursor=first.next_cursor)
    third = await stores.assessments.list(tenant, limit=2, cursor=second.next_cursor)

    assert [made[4].id, made[3].id] == [a.id for a in first.items]
    assert [made[2].id, made[1].id] == [a.id for a in second.items]
    assert ([made[0].id], None) == ([a.id for a in third.items], third.next_cursor)


async def test_list_rejects_a_cursor_it_did_not_issue(stores: Stores, tenant: str) -> None:
    with pytest.raises(InvalidInput):
        await stores.assessments.list(tenant, cursor="not-a-cursor")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(st.tuples(st.integers(0, 4), st.sampled_from([S.DRAFT, S.QUEUED])), max_size=20),
    page_size=st.integers(1, 6),
    status=st.sampled_from([None, S.DRAFT, S.QUEUED]),
)
async def test_paging_returns_every_matching_assessment_exactly_once_newest_first(
    stores: Stores,
    rows: list[tuple[int, AssessmentStatus]],
    page_size: int,
    status: AssessmentStatus | None,
) -> None:
    tenant = new_id("t")  # a fresh tenant per example is a fresh, empty store
    made = [
        assessment(tenant, at=BASE + timedelta(seconds=offset), status=row_status)
        for offset, row_status in rows  # equal times make the id the tie-breaker
    ]
    for a in made:
        await stores.assessments.add(a)

    seen: list[str] = []
    cursor: str | None = None
    for _ in range(len(made) + 2):
        page = await stores.assessments.list(tenant, status=status, limit=page_size, cursor=cursor)
        assert len(page.items) <= page_size
        seen += [a.id for a in page.items]
        if (cursor := page.next_cursor) is None:
            break

    matching = [a for a in made if status is None or a.status is status]
    expected = sorted(matching, key=lambda a: (a.created_at, a.id), reverse=True)
    assert [a.id for a in expected] == seen


async def test_find_recoverable_names_queued_and_running_without_a_live_lease(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    now = BASE + timedelta(hours=1)
    expired = Lease(owner="w1", expires_at=now - timedelta(seconds=1))
    live = Lease(owner="w2", expires_at=now + timedelta(minutes=5))
    recoverable = [
        assessment(tenant, status=S.QUEUED),
        assessment(other_tenant, status=S.QUEUED),
        assessment(tenant, status=S.RUNNING),
        assessment(tenant, status=S.RUNNING, lease=expired),
    ]
    others = [
        assessment(tenant, status=S.RUNNING, lease=live),
        assessment(tenant, status=S.DRAFT),
        assessment(tenant, status=S.PAUSED),
        assessment(other_tenant, status=S.COMPLETED),
    ]
    for a in recoverable + others:
        await stores.assessments.add(a)

    found = await stores.assessments.find_recoverable(now)

    expected = {
        AssessmentRef(tenant_id=a.tenant_id, assessment_id=a.id, status=a.status)
        for a in recoverable
    }
    mine = {ref for ref in found if ref.tenant_id in (tenant, other_tenant)}
    assert expected == mine


async def test_status_counts_count_each_tenants_assessments_per_status(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    for a in [
        assessment(tenant, status=S.QUEUED),
        assessment(tenant, status=S.QUEUED),
        assessment(tenant, status=S.COMPLETED),
        assessment(other_tenant, status=S.RUNNING),
    ]:
        await stores.assessments.add(a)

    counts = await stores.assessments.status_counts()

    mine = {k: n for k, n in counts.items() if k[0] in (tenant, other_tenant)}
    assert {(tenant, S.QUEUED): 2, (tenant, S.COMPLETED): 1, (other_tenant, S.RUNNING): 1} == mine


async def test_another_tenant_never_sees_or_changes_an_assessment(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    mine = await stores.assessments.add(assessment(tenant))
    theirs = mine.model_copy(update={"tenant_id": other_tenant, "title": "theirs"})

    with pytest.raises(NotFound):
        await stores.assessments.get(other_tenant, mine.id)
    with pytest.raises(NotFound):
        await stores.assessments.save(theirs)
    with pytest.raises(NotFound):
        await stores.assessments.delete(other_tenant, mine.id)
    assert (await stores.assessments.list(other_tenant)).items == []
    assert (await stores.assessments.list(other_tenant, status=mine.status)).items == []
    assert mine == await stores.assessments.get(tenant, mine.id)


async def test_the_same_id_in_two_tenants_is_two_assessments(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    mine = await stores.assessments.add(assessment(tenant))
    theirs = await stores.assessments.add(
        assessment(other_tenant, assessment_id=mine.id, title="theirs")
    )

    await stores.assessments.delete(other_tenant, mine.id)

    assert mine == await stores.assessments.get(tenant, mine.id)
    assert theirs.title == "theirs"
