"""Agent facts are typed at every depth: a stored fact reads back through its node's model, and
no model leaves a row as a free ``dict``."""

from __future__ import annotations

import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from infra_mind.domain.fact_rows import CapacityRow
from infra_mind.domain.facts import FACTS_BY_NODE, InfrastructureFacts
from infra_mind.domain.planning import ProviderOption
from infra_mind.domain.scenarios import ScenarioResult
from infra_mind.services.agents.simulation import scenario_row
from tests.factories import EXAMPLES, example_input
from tests.unit.services.agents.harness import run

pytestmark = pytest.mark.anyio

# mappings whose values are plain numbers or words by design (formula texts, parts' amounts,
# person-days per role) or typed rows keyed by a catalog id (GPU fits)
_ALLOWED_MAPPINGS = {"formulas", "parts", "work_person_days", "gpu_fit"}


def _loose_fields(
    model: type[BaseModel], path: str = "", seen: frozenset[type] = frozenset()
) -> list[str]:
    """Fields typed ``Any`` or as a mapping of anything, at every depth of ``model``."""
    if model in seen:  # a recursive row (tooling and its managed alternative)
        return []
    seen = seen | {model}
    loose: list[str] = []
    for name, field in model.model_fields.items():
        where = f"{path}{model.__name__}.{name}"
        for t in _leaf_types(field.annotation):
            if t is Any:
                loose.append(where)
            elif typing.get_origin(t) is dict:
                value = typing.get_args(t)[1]
                if name not in _ALLOWED_MAPPINGS or value is Any:
                    loose.append(where)
                loose += [x for v in _leaf_types(value) for x in _nested(v, where, seen)]
            else:
                loose += _nested(t, where, seen)
    return loose


def _nested(t: object, where: str, seen: frozenset[type]) -> list[str]:
    is_model = isinstance(t, type) and issubclass(t, BaseModel)
    return _loose_fields(t, f"{where} → ", seen) if is_model else []


def _leaf_types(annotation: object) -> list[object]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [x for a in typing.get_args(annotation) for x in _leaf_types(a)]
    if origin in (list, tuple):
        return [x for a in typing.get_args(annotation) for x in _leaf_types(a)]
    return [annotation]


def test_no_facts_model_leaves_a_row_untyped() -> None:
    loose = [f for model in FACTS_BY_NODE.values() for f in _loose_fields(model)]
    assert loose == []


@pytest.mark.parametrize("example", EXAMPLES)
async def test_every_stored_fact_reads_back_through_its_model(example: str) -> None:
    result = await run(example_input(example))
    unread = {}
    for r in result.results:
        try:
            FACTS_BY_NODE[r.node].model_validate(r.facts)
        except ValidationError as e:
            unread[r.node] = str(e)
    assert unread == {}


def test_a_row_with_a_key_nobody_reads_fails_where_it_is_made() -> None:
    row = CapacityRow.model_json_schema()["required"]
    with pytest.raises(ValidationError, match="instance_count"):
        CapacityRow.model_validate(dict.fromkeys(row, 1) | {"instance_count": 3})


async def test_a_capacity_row_reads_as_its_model() -> None:
    result = await run(example_input("fintech-fraud-model"))
    facts = InfrastructureFacts.model_validate(result.facts("infrastructure"))
    row = facts.capacity[0]
    assert row.instances * row.gpus_per_replica >= row.replicas


def _site(region: str | None, monthly: float | None, why: str | None = None) -> ScenarioResult:
    option = ProviderOption(provider="aws", region=region, infeasible_reason=why)
    delta = None if monthly is None else monthly - 100.0
    return ScenarioResult(
        name="larger_model",
        description="the next larger model",
        option=option,
        monthly_usd=monthly,
        delta_vs_base_usd=delta,
    )


def test_a_what_if_every_site_can_deploy_sums_over_the_sites() -> None:
    row = scenario_row([_site("us-east-1", 150.0), _site("eu-west-1", 250.5)])
    assert (row.monthly_usd, row.delta_vs_base_usd, row.regions) == (
        400.5,
        200.5,
        ["us-east-1", "eu-west-1"],
    )


def test_a_what_if_some_site_cannot_deploy_has_no_amount_and_says_why() -> None:
    why = "no GPU in the allowed regions holds 405B at bf16"
    row = scenario_row([_site("us-east-1", 150.0), _site(None, None, why)])
    assert (row.monthly_usd, row.delta_vs_base_usd, row.regions, row.infeasible_reason) == (
        None,
        None,
        ["us-east-1"],
        why,
    )
