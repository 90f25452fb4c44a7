"""Warm standby for the availability target: proposed where a second region can host it, and
the reason stated where it cannot."""

from __future__ import annotations

import pytest

from infra_mind.domain.input import AssessmentInput
from tests.factories import example_document, example_input
from tests.unit.services.agents.harness import KB, regions_of, run

pytestmark = pytest.mark.anyio


async def test_fintech_at_99_95_gets_a_warm_standby_in_a_second_us_region() -> None:
    r = await run(example_input())
    dr = r.facts("infrastructure")["dr"]
    standby = [b for b in r.bundles if b.recommendation.category == "resilience"]
    regions = set().union(*(regions_of(b) for b in standby))
    assert dr["standby_region"] == "us-east-2"
    assert len(standby) == 1
    assert regions == {"us-east-2"}
    assert KB.region("us-east-2").jurisdiction == "US"


async def test_below_99_95_no_standby_is_proposed_and_the_reason_says_why() -> None:
    doc = example_document()
    doc["technical"]["availability_target_pct"] = 99.9
    r = await run(AssessmentInput.model_validate(doc))
    dr = r.facts("infrastructure")["dr"]
    assert dr["standby_region"] is None
    assert "below 99.95" in dr["reason"]
    assert not [b for b in r.bundles if b.recommendation.category == "resilience"]


async def test_with_one_allowed_region_no_standby_is_proposed_and_the_reason_says_why() -> None:
    doc = example_document()
    doc["business"] |= {"operating_regions": ["UK"], "data_residency": ["UK"]}
    r = await run(AssessmentInput.model_validate(doc))
    dr = r.facts("infrastructure")["dr"]
    assert dr["standby_region"] is None
    assert "no second aws region is allowed" in dr["reason"]
    assert not [b for b in r.bundles if b.recommendation.category == "resilience"]
