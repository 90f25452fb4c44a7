"""RecommendationRepository contract: the same tests against memory, SQLite and MongoDB."""

from __future__ import annotations

import pytest

from infra_mind.domain.errors import NotFound
from infra_mind.ports.repositories import RecommendationRepository
from tests.adapters.storage.builders import bundle, new_id
from tests.adapters.storage.conftest import Stores

pytestmark = pytest.mark.anyio


async def test_implements_the_port(stores: Stores) -> None:
    assert isinstance(stores.recommendations, RecommendationRepository)


async def test_bundles_round_trip_ranked_with_their_three_documents(
    stores: Stores, tenant: str
) -> None:
    assessment_id = new_id("a")
    bundles = [bundle(tenant, assessment_id, rank) for rank in (3, 1, 2)]

    await stores.recommendations.replace_for(tenant, assessment_id, bundles)

    assert [bundles[1], bundles[2], bundles[0]] == await stores.recommendations.list_bundles(
        tenant, assessment_id
    )


async def test_list_bundles_of_an_assessment_without_any_is_empty(
    stores: Stores, tenant: str
) -> None:
    assert await stores.recommendations.list_bundles(tenant, new_id("a")) == []


async def test_replace_for_swaps_the_whole_set(stores: Stores, tenant: str) -> None:
    assessment_id = new_id("a")
    await stores.recommendations.replace_for(
        tenant, assessment_id, [bundle(tenant, assessment_id, r) for r in (1, 2, 3)]
    )
    replacement = [bundle(tenant, assessment_id, 1)]

    await stores.recommendations.replace_for(tenant, assessment_id, replacement)

    assert replacement == await stores.recommendations.list_bundles(tenant, assessment_id)


async def test_replace_for_with_nothing_clears_the_set(stores: Stores, tenant: str) -> None:
    assessment_id = new_id("a")
    await stores.recommendations.replace_for(
        tenant, assessment_id, [bundle(tenant, assessment_id, 1)]
    )

    await stores.recommendations.replace_for(tenant, assessment_id, [])

    assert await stores.recommendations.list_bundles(tenant, assessment_id) == []


async def test_replace_for_leaves_other_assessments_alone(stores: Stores, tenant: str) -> None:
    first, second = new_id("a"), new_id("a")
    kept = [bundle(tenant, first, 1)]
    await stores.recommendations.replace_for(tenant, first, kept)

    await stores.recommendations.replace_for(tenant, second, [bundle(tenant, second, 1)])

    assert kept == await stores.recommendations.list_bundles(tenant, first)


async def test_get_bundle_returns_one_recommendation_with_its_documents(
    stores: Stores, tenant: str
) -> None:
    assessment_id = new_id("a")
    bundles = [bundle(tenant, assessment_id, r) for r in (1, 2)]
    await stores.recommendations.replace_for(tenant, assessment_id, bundles)

    found = await stores.recommendations.get_bundle(tenant, bundles[1].recommendation.id)

    assert bundles[1] == found


async def test_get_bundle_of_an_unknown_recommendation_raises_not_found(
    stores: Stores, tenant: str
) -> None:
    with pytest.raises(NotFound):
        await stores.recommendations.get_bundle(tenant, "missing")


async def test_delete_for_removes_the_assessments_bundles(stores: Stores, tenant: str) -> None:
    assessment_id = new_id("a")
    only = bundle(tenant, assessment_id, 1)
    await stores.recommendations.replace_for(tenant, assessment_id, [only])

    await stores.recommendations.delete_for(tenant, assessment_id)

    assert await stores.recommendations.list_bundles(tenant, assessment_id) == []
    with pytest.raises(NotFound):
        await stores.recommendations.get_bundle(tenant, only.recommendation.id)


async def test_another_tenant_never_sees_or_changes_bundles(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    assessment_id = new_id("a")
    mine = [bundle(tenant, assessment_id, 1), bundle(tenant, assessment_id, 2)]
    await stores.recommendations.replace_for(tenant, assessment_id, mine)

    assert await stores.recommendations.list_bundles(other_tenant, assessment_id) == []
    with pytest.raises(NotFound):
        await stores.recommendations.get_bundle(other_tenant, mine[0].recommendation.id)
    await stores.recommendations.delete_for(other_tenant, assessment_id)
    await stores.recommendations.replace_for(
        other_tenant, assessment_id, [bundle(other_tenant, assessment_id, 1)]
    )

    assert mine == await stores.recommendations.list_bundles(tenant, assessment_id)
    assert mine[0] == await stores.recommendations.get_bundle(tenant, mine[0].recommendation.id)
