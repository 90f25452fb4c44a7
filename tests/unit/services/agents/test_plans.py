"""Implementation plans: weeks follow each part's work measure and the team doing it."""

from __future__ import annotations

import pytest

from infra_mind.domain.input import AssessmentInput, Team
from infra_mind.domain.recommendation import RecommendationBundle
from infra_mind.services.agents.schedule import schedule
from infra_mind.services.agents.work import PERSON_DAYS, WorkItem
from tests.factories import example_document, example_input
from tests.unit.services.agents.harness import run

SMALL_TEAM = Team(developers=1, devops=1, cloud_skill=2, kubernetes_skill=2)
LARGE_TEAM = Team(
    developers=8, devops=4, data_engineers=3, ml_engineers=4, cloud_skill=5, kubernetes_skill=5
)


def _work(*kinds: str) -> list[WorkItem]:
    return [WorkItem(k, f"{k} {i}", PERSON_DAYS[k]) for i, k in enumerate(kinds)]


def test_a_part_with_more_work_takes_longer_with_the_same_team() -> None:
    small = schedule(_work("managed_service"), SMALL_TEAM, "platform", "p")
    large = schedule(
        _work("managed_service", "managed_service", "region", "model_server"),
        SMALL_TEAM,
        "platform",
        "p",
    )
    assert large.weeks > small.weeks


def test_a_bigger_more_skilled_team_shortens_the_same_work() -> None:
    work = _work("instance_pool", "model_server", "managed_service", "managed_service")
    slow = schedule(work, SMALL_TEAM, "model_serving", "s")
    fast = schedule(work, LARGE_TEAM, "model_serving", "s")
    assert fast.weeks < slow.weeks


def test_the_longest_item_bounds_the_plan_however_large_the_team() -> None:
    work = _work("training_pipeline")
    plan = schedule(work, LARGE_TEAM, "mlops", "m")
    assert plan.days == pytest.approx(PERSON_DAYS["training_pipeline"] * (1 + 0.15 * (3 - 5)))


@pytest.mark.anyio
async def test_fintech_parts_of_different_size_get_different_durations() -> None:
    r = await run(example_input())
    weeks = {b.recommendation.category: b.plan.total_weeks for b in r.bundles}
    ranking = {x["key"]: x["plan"] for x in r.facts("synthesis")["ranking"]}
    assert ranking["mlops:fraud-scorer"]["person_days"] > ranking["platform"]["person_days"]
    assert weeks["mlops"] > weeks["platform"]


@pytest.mark.anyio
async def test_more_data_to_load_lengthens_the_data_plan() -> None:
    bigger = example_document()
    bigger["technical"]["data"]["volume_tb"] = 250
    base = await run(example_input())
    more = await run(AssessmentInput.model_validate(bigger))

    def data_weeks(bundles: list[RecommendationBundle]) -> float:
        return next(b.plan.total_weeks for b in bundles if b.recommendation.category == "data")

    assert data_weeks(more.bundles) > data_weeks(base.bundles)


@pytest.mark.anyio
async def test_a_bigger_more_skilled_team_shortens_the_fintech_serving_plan() -> None:
    weak = example_document()
    weak["business"]["team"] = SMALL_TEAM.model_dump()
    strong = example_document()
    strong["business"]["team"] = LARGE_TEAM.model_dump()
    slow = await run(AssessmentInput.model_validate(weak))
    fast = await run(AssessmentInput.model_validate(strong))

    def serving_weeks(bundles: list[RecommendationBundle]) -> float:
        return next(
            b.plan.total_weeks for b in bundles if b.recommendation.category == "model_serving"
        )

    assert serving_weeks(fast.bundles) < serving_weeks(slow.bundles)


@pytest.mark.anyio
async def test_the_plan_formula_and_work_are_stated_in_the_facts() -> None:
    r = await run(example_input())
    facts = r.facts("synthesis")
    assert "person-days" in facts["work_formula"]
    assert "effective" in facts["plan_formula"]
    for row in facts["ranking"]:
        assert row["plan"]["work"]
        assert row["plan"]["person_days"] == pytest.approx(
            sum(w["person_days"] for w in row["plan"]["work"])
        )
