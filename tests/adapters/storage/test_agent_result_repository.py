"""AgentResultRepository contract: the same tests against memory, SQLite and MongoDB."""

from __future__ import annotations

import pytest

from infra_mind.domain.errors import NotFound
from infra_mind.domain.results import ResultStatus
from infra_mind.ports.repositories import AgentResultRepository
from tests.adapters.storage.builders import new_id, result
from tests.adapters.storage.conftest import Stores

pytestmark = pytest.mark.anyio


async def test_implements_the_port(stores: Stores) -> None:
    assert isinstance(stores.results, AgentResultRepository)


async def test_save_then_get_returns_the_same_result(stores: Stores, tenant: str) -> None:
    saved = result(tenant, new_id("a"), "cto")

    await stores.results.save(saved)

    assert saved == await stores.results.get(tenant, saved.assessment_id, "cto")


async def test_save_again_replaces_the_node_result(stores: Stores, tenant: str) -> None:
    assessment_id = new_id("a")
    await stores.results.save(
        result(tenant, assessment_id, "mlops", status=ResultStatus.FAILED, error="timeout")
    )
    retried = result(tenant, assessment_id, "mlops", attempts=2)

    await stores.results.save(retried)

    assert retried == await stores.results.get(tenant, assessment_id, "mlops")
    assert [retried] == await stores.results.list(tenant, assessment_id)


async def test_list_returns_one_assessments_results_in_the_order_first_saved(
    stores: Stores, tenant: str
) -> None:
    assessment_id = new_id("a")
    nodes = ["data_validation", "cto", "research", "synthesis"]
    for node in nodes:
        await stores.results.save(result(tenant, assessment_id, node))
    await stores.results.save(result(tenant, new_id("a"), "cto"))
    await stores.results.save(result(tenant, assessment_id, "cto", narrative="rewritten"))

    listed = await stores.results.list(tenant, assessment_id)

    assert nodes == [r.node for r in listed]
    assert listed[1].narrative == "rewritten"


async def test_get_unknown_node_raises_not_found(stores: Stores, tenant: str) -> None:
    with pytest.raises(NotFound):
        await stores.results.get(tenant, new_id("a"), "cto")


async def test_delete_for_removes_only_that_assessments_results(
    stores: Stores, tenant: str
) -> None:
    gone, kept = new_id("a"), new_id("a")
    for assessment_id in (gone, kept):
        await stores.results.save(result(tenant, assessment_id, "cto"))

    await stores.results.delete_for(tenant, gone)

    assert await stores.results.list(tenant, gone) == []
    assert [r.node for r in await stores.results.list(tenant, kept)] == ["cto"]


async def test_another_tenant_never_sees_or_removes_results(
    stores: Stores, tenant: str, other_tenant: str
) -> None:
    mine = result(tenant, new_id("a"), "cto")
    await stores.results.save(mine)

    with pytest.raises(NotFound):
        await stores.results.get(other_tenant, mine.assessment_id, "cto")
    assert await stores.results.list(other_tenant, mine.assessment_id) == []
    await stores.results.delete_for(other_tenant, mine.assessment_id)
    await stores.results.save(mine.model_copy(update={"tenant_id": other_tenant, "narrative": "x"}))

    assert [mine] == await stores.results.list(tenant, mine.assessment_id)
