"""Where and on which cloud the deployment lands: one site per jurisdiction for a globally
distributed business, the home cloud unless another is clearly cheaper, precision within budget."""

from __future__ import annotations

import pytest

from infra_mind.domain.input import AssessmentInput
from infra_mind.services.agents.cloud_choice import CLOUD_SWITCH_SAVING, choose_plan, home_cloud
from infra_mind.services.agents.precision_fallback import analyse
from infra_mind.services.agents.provider_plan import ProviderPlan
from tests.factories import example_document, example_input
from tests.unit.services.agents.harness import KB, regions_of, run

pytestmark = pytest.mark.anyio


def plan(provider: str, monthly: float | None) -> ProviderPlan:
    reason = None if monthly is not None else "infeasible"
    return ProviderPlan(provider, (), (), monthly, reason)  # type: ignore[arg-type]


def test_global_retailer_is_served_from_one_region_per_jurisdiction_with_an_even_split() -> None:
    a = analyse(KB, example_input("retail-recommender"))

    assert a.chosen is not None
    sites = a.chosen.sites
    assert [s.jurisdiction for s in sites] == ["EU", "US"]
    assert [KB.region(r).jurisdiction for r in a.chosen.regions] == ["EU", "US"]
    assert [s.share for s in sites] == [0.5, 0.5]
    for s in sites:
        assert [c.requirement.traffic.peak_requests_per_s for c in s.option.serving] == [600]
        assert s.storage_gb == 90_000
        assert s.egress_gb == 20_000
    assert "even 1/2 of peak" in a.distribution


async def test_global_retailer_prices_every_site_and_needs_no_separate_standby() -> None:
    r = await run(example_input("retail-recommender"))
    infra = r.facts("infrastructure")
    serving = next(b for b in r.bundles if b.recommendation.category == "model_serving")

    assert infra["dr"]["standby_region"] is None
    assert "active-active" in infra["dr"]["reason"]
    assert [row["jurisdiction"] for row in infra["capacity"]] == ["EU", "US"]
    assert len(serving.cost.line_items) == 2
    assert sorted(KB.region(r).jurisdiction for r in regions_of(serving)) == ["EU", "US"]
    assert not [b for b in r.bundles if b.recommendation.category == "resilience"]


def test_without_global_distribution_one_region_carries_everything() -> None:
    doc = example_document("retail-recommender")
    doc["business"]["global_distribution"] = False
    a = analyse(KB, AssessmentInput.model_validate(doc))

    assert a.chosen is not None
    assert len(a.chosen.sites) == 1
    assert a.chosen.sites[0].share == 1.0
    assert a.chosen.option.serving[0].requirement.traffic.peak_requests_per_s == 1200


def test_home_cloud_is_the_first_preferred_one_the_team_runs_on() -> None:
    retail = example_input("retail-recommender")  # preferred gcp, aws; runs gcp
    doc = example_document("retail-recommender")
    doc["technical"]["current_clouds"] = ["aws"]
    moved = AssessmentInput.model_validate(doc)

    assert home_cloud(retail, ("gcp", "aws")) == "gcp"
    assert home_cloud(moved, ("gcp", "aws")) == "aws"


def test_home_cloud_is_kept_when_another_is_cheaper_by_less_than_the_threshold() -> None:
    # aws saves (100 − 85) / 100 = 15 % ≤ 20 %: stay on gcp; aws is the runner-up at −15.
    choice = choose_plan([plan("gcp", 100.0), plan("aws", 85.0)], ("gcp", "aws"), "gcp")

    assert CLOUD_SWITCH_SAVING == 0.20
    assert choice.plan is not None
    assert choice.plan.provider == "gcp"
    assert "within the 20% switch threshold" in choice.reason
    assert (choice.runner_up, choice.runner_up_delta_usd) == ("aws", -15.0)
    assert choice.runner_up_delta_pct == pytest.approx(-15.0)


def test_another_cloud_is_chosen_when_it_saves_more_than_the_threshold() -> None:
    # aws saves (100 − 75) / 100 = 25 % > 20 %: switch; gcp is the runner-up at +25 (+33 %).
    choice = choose_plan([plan("gcp", 100.0), plan("aws", 75.0)], ("gcp", "aws"), "gcp")

    assert choice.plan is not None
    assert choice.plan.provider == "aws"
    assert "25% cheaper than the home cloud gcp" in choice.reason
    assert (choice.runner_up, choice.runner_up_delta_usd) == ("gcp", 25.0)
    assert choice.runner_up_delta_pct == pytest.approx(100 / 3)


def test_an_unconsidered_cloud_is_never_chosen_over_a_feasible_considered_one() -> None:
    choice = choose_plan(
        [plan("gcp", 100.0), plan("aws", 95.0), plan("azure", 10.0)], ("gcp", "aws"), "gcp"
    )

    assert choice.plan is not None
    assert choice.plan.provider == "gcp"
    assert choice.runner_up == "aws"


def test_an_infeasible_home_cloud_falls_back_to_the_cheapest_considered() -> None:
    choice = choose_plan([plan("gcp", None), plan("aws", 95.0)], ("gcp", "aws"), "gcp")

    assert choice.plan is not None
    assert choice.plan.provider == "aws"
    assert "home cloud gcp is infeasible" in choice.reason


async def test_the_choice_rule_and_runner_up_are_in_the_cloud_engineer_facts() -> None:
    r = await run(example_input("eu-healthcare-support-bot"))
    facts = r.facts("cloud_engineer")

    assert facts["home_cloud"] == "azure"
    assert facts["chosen_provider"] == "azure"
    assert facts["runner_up"] == "aws"
    assert facts["switch_saving_threshold_pct"] == 20
    assert facts["runner_up_delta_usd"] == pytest.approx(
        facts["runner_up_monthly_usd"] - facts["chosen_monthly_usd"]
    )


def test_over_budget_at_the_stated_precision_plans_the_first_lower_one_that_fits() -> None:
    a = analyse(KB, example_input("fintech-fraud-model"))

    assert a.budget is not None
    assert a.budget.status == "fits"
    assert {s.precision.value for s in a.served} == {"fp8"}
    assert "over the budget; serving in fp8" in a.notes[0]


async def test_what_if_base_of_a_global_plan_is_priced_in_both_sites() -> None:
    r = await run(example_input("retail-recommender"))
    scenarios = {s["name"]: s for s in r.facts("simulation")["scenarios"]}
    base = scenarios["base"]

    assert sorted(KB.region(x).jurisdiction for x in base["regions"]) == ["EU", "US"]
    assert base["delta_vs_base_usd"] == 0.0
    assert scenarios["traffic_x2"]["monthly_usd"] > base["monthly_usd"]


def test_with_one_considered_cloud_the_runner_up_is_the_cheapest_other_one() -> None:
    choice = choose_plan(
        [plan("aws", 100.0), plan("azure", 130.0), plan("gcp", 120.0)], ("aws",), "aws"
    )

    assert choice.runner_up == "gcp"
    assert choice.runner_up_delta_usd == 20.0
    assert choice.runner_up_considered is False
