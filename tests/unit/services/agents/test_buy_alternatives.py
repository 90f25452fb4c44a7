"""When self-hosting is over budget and a hosted API is cheaper, synthesis says so."""

from __future__ import annotations

import pytest

from tests.factories import example_input
from tests.unit.services.agents.harness import run

pytestmark = pytest.mark.anyio


async def test_an_over_budget_self_hosted_plan_names_the_cheaper_hosted_alternative() -> None:
    r = await run(example_input("retail-recommender"))
    synthesis = r.facts("synthesis")
    assert synthesis["budget_fit"]["status"] == "over"
    consultant = r.facts("ai_consultant")["use_cases"][0]["build_vs_buy"]
    [alt] = synthesis["buy_alternatives"]
    assert alt["api_model"] == consultant["api_model"]
    expected = (
        synthesis["total_monthly_usd"]
        - consultant["self_hosted_monthly_usd"]
        + consultant["api_monthly_usd"]
    )
    assert alt["plan_total_monthly_usd"] == pytest.approx(expected)
    assert alt["fits_budget"] is (expected <= synthesis["budget_monthly_usd"])
    assert any(
        n.startswith("buying instead of building product-recommender") for n in synthesis["notes"]
    )


async def test_a_plan_that_already_uses_a_hosted_api_offers_no_buy_alternative() -> None:
    r = await run(example_input("eu-healthcare-support-bot"))
    assert r.facts("synthesis")["buy_alternatives"] == []
