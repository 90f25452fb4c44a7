"""Properties of whole outcomes over generated inputs (including impossible ones): every total
is the sum of the line items it is made of, to the cent; an outcome without recommendations is
never feasible."""

from __future__ import annotations

from typing import Any

import anyio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.feasibility import FeasibilityStatus
from infra_mind.domain.forecast import forecast_budget
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.money import cents, total
from infra_mind.domain.outcome import AssessmentOutcome
from tests.unit.services.agents.harness import CREATED, run
from tests.unit.services.agents.test_properties import inputs

SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def requests(draw: st.DrawFn) -> AssessmentInput:
    """Generated inputs, some made impossible: a tight latency target or a model larger than
    any in the catalog."""
    doc = draw(inputs()).model_dump(mode="json")
    change = draw(st.sampled_from(("none", "tight_latency", "huge_model")))
    for w in doc["technical"]["ai_workloads"]:
        if w["model"].get("parameters_b") is None or w.get("inference") is None:
            continue
        if change == "tight_latency":
            w["inference"]["p95_latency_ms"] = 5
        elif change == "huge_model":
            w["model"]["parameters_b"] = 2000
    return AssessmentInput.model_validate(doc)


def outcome_of(data: AssessmentInput) -> AssessmentOutcome:
    async def go() -> AssessmentOutcome:
        r = await run(data)
        assessment = Assessment(
            id="a1",
            tenant_id="t",
            title="x",
            input=data,
            created_at=CREATED,
            updated_at=CREATED,
            status=AssessmentStatus.COMPLETED,
        )
        return AssessmentOutcome(
            assessment=assessment, results=r.results, recommendations=r.bundles
        )

    return anyio.run(go)


def totals_made_of_line_items(o: AssessmentOutcome) -> list[tuple[str, float, float]]:
    """(where, the total shown, the sum of the cent amounts of the items it is made of)."""
    items = [i for b in o.recommendations for i in b.cost.line_items]
    plan = total(cents(i.quantity * i.unit_price_usd) for i in items)
    facts: dict[str, Any] = {r.node: r.facts for r in o.results}
    found = [("outcome", o.total_monthly_cost_usd, plan)]
    found += [
        (
            f"recommendation {b.recommendation.rank}",
            b.cost.monthly_total_usd,
            total(cents(i.quantity * i.unit_price_usd) for i in b.cost.line_items),
        )
        for b in o.recommendations
    ]
    found.append(("synthesis", facts["synthesis"]["total_monthly_usd"], plan))
    for row, b in zip(facts["synthesis"]["ranking"], o.recommendations, strict=True):
        found.append((f"ranking {row['rank']}", row["monthly_usd"], b.cost.monthly_total_usd))
    for row in facts["cloud_engineer"]["comparison"]:
        if row["monthly_usd"] is not None:
            parts = total(i["monthly_usd"] for i in row["line_items"])
            found.append((f"comparison {row['provider']}", row["monthly_usd"], parts))
    if o.recommendations:
        found += [
            ("cto", facts["cto"]["monthly_run_cost_usd"], plan),
            ("simulation", facts["simulation"]["base_monthly_usd"], plan),
            ("cloud_engineer chosen", facts["cloud_engineer"]["chosen_monthly_usd"], plan),
            (
                "forecast baseline",
                forecast_budget(
                    "a1", o.assessment.input, o.total_monthly_cost_usd, 1
                ).baseline_monthly_usd,
                plan,
            ),
        ]
    return found


@SETTINGS
@given(requests())
def test_every_total_in_an_outcome_is_the_sum_of_its_line_items_to_the_cent(
    data: AssessmentInput,
) -> None:
    for where, shown, made_of in totals_made_of_line_items(outcome_of(data)):
        assert (where, shown) == (where, made_of)


@SETTINGS
@given(requests())
def test_no_outcome_without_recommendations_is_feasible(data: AssessmentInput) -> None:
    o = outcome_of(data)
    if not o.recommendations:
        assert o.feasibility.status is FeasibilityStatus.INFEASIBLE
        assert o.feasibility.reasons
    else:
        fits = o.total_monthly_cost_usd <= data.business.budget.monthly_limit_usd
        expected = FeasibilityStatus.FEASIBLE if fits else FeasibilityStatus.OVER_BUDGET
        assert o.feasibility.status is expected
