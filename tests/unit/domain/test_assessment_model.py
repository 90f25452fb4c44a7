from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infra_mind.domain.assessment import TRANSITIONS, Assessment, AssessmentStatus, Lease
from infra_mind.domain.errors import IllegalTransition
from infra_mind.domain.input import GrowthProjection
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    ComplianceVerdict,
    CostEstimate,
    ImplementationPlan,
    LineItem,
    Phase,
    Recommendation,
    RecommendationBundle,
    Scores,
)
from tests.factories import example_input

S = AssessmentStatus
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def fresh() -> Assessment:
    return Assessment(
        id="a", tenant_id="t", title="x", input=example_input(), created_at=NOW, updated_at=NOW
    )


@given(st.lists(st.sampled_from(list(S)), max_size=12))
def test_the_state_machine_only_takes_listed_transitions(targets: list[S]) -> None:
    a = fresh()
    for target in targets:
        before = a.status
        if target == before or target in TRANSITIONS[before]:
            a = a.transition(target, NOW)
            assert a.status is target
        else:
            with pytest.raises(IllegalTransition):
                a.transition(target, NOW)
        if a.status in (S.COMPLETED, S.CANCELLED):
            assert a.finished_at == NOW
            assert a.lease is None


def test_running_counts_runs_and_clears_requests_when_it_settles() -> None:
    a = fresh().transition(S.QUEUED, NOW).transition(S.RUNNING, NOW)
    assert (a.runs, a.started_at) == (1, NOW)
    leased = a.model_copy(
        update={"requested": "pause", "lease": Lease(owner="w1", expires_at=NOW + timedelta(1))}
    )
    paused = leased.transition(S.PAUSED, NOW)
    assert (paused.requested, paused.lease) == (None, None)
    again = paused.transition(S.QUEUED, NOW).transition(S.RUNNING, NOW)
    assert again.runs == 2


def test_completed_and_cancelled_are_terminal() -> None:
    assert S.COMPLETED.terminal
    assert S.CANCELLED.terminal
    assert not S.FAILED.terminal  # a failed assessment can be retried


def test_growth_is_interpolated_between_the_given_points_and_extrapolated_after() -> None:
    g = GrowthProjection(current_users=100, users_6m=200, users_12m=400)
    assert [g.users_at(m) for m in (0, 3, 6, 12, 18)] == [100, 150, 200, 400, 600]
    assert GrowthProjection(current_users=7).users_at(24) == 7


def test_a_cost_estimate_is_the_sum_of_its_line_items_and_states_its_gap() -> None:
    items = [
        LineItem(
            description="gpu",
            category="compute",
            catalog_ref="instance:aws:g5.xlarge",
            quantity=730,
            unit="hour",
            unit_price_usd=1.006,
            formula="730 h × price",
        ),
        LineItem(
            description="s3",
            category="storage",
            catalog_ref="service:aws:s3",
            quantity=1000,
            unit="GB-month",
            unit_price_usd=0.023,
            formula="GB × price",
        ),
    ]
    cost = CostEstimate(
        id="c",
        tenant_id="t",
        assessment_id="a",
        recommendation_id="r",
        line_items=items,
        budget_monthly_usd=500,
    )
    assert cost.monthly_total_usd == pytest.approx(730 * 1.006 + 1000 * 0.023)
    assert cost.budget_gap_usd == pytest.approx(cost.monthly_total_usd - 500)
    assert (
        CostEstimate(id="c", tenant_id="t", assessment_id="a", recommendation_id="r").budget_gap_usd
        is None
    )


def test_a_plan_lasts_as_long_as_its_longest_chain_of_phases() -> None:
    plan = ImplementationPlan(
        id="p",
        tenant_id="t",
        assessment_id="a",
        recommendation_id="r",
        phases=[
            Phase(name="foundation", duration_weeks=2),
            Phase(name="build", duration_weeks=4, depends_on=["foundation"]),
            Phase(name="security", duration_weeks=3, depends_on=["foundation"]),
            Phase(name="launch", duration_weeks=1, depends_on=["build", "security"]),
        ],
    )
    assert plan.total_weeks == 7


def test_the_outcome_verdict_is_the_worst_of_its_recommendations() -> None:
    def bundle(rank: int, verdict: ComplianceVerdict) -> RecommendationBundle:
        ids = {"tenant_id": "t", "assessment_id": "a", "recommendation_id": f"r{rank}"}
        return RecommendationBundle(
            recommendation=Recommendation(
                id=f"r{rank}",
                tenant_id="t",
                assessment_id="a",
                rank=rank,
                title="x",
                category="c",
                summary="s",
                rationale="r",
                scores=Scores(impact=1, cost=1, risk=0, urgency=1, total=1),
                cost_estimate_id="c",
                compliance_assessment_id="k",
                implementation_plan_id="p",
                created_at=NOW,
            ),
            cost=CostEstimate(id=f"c{rank}", **ids),
            compliance=ComplianceAssessment(id=f"k{rank}", verdict=verdict, **ids),
            plan=ImplementationPlan(id=f"p{rank}", **ids),
        )

    def verdict(*verdicts: ComplianceVerdict) -> ComplianceVerdict | None:
        bundles = [bundle(i, v) for i, v in enumerate(verdicts, 1)]
        return AssessmentOutcome(
            assessment=fresh(), results=[], recommendations=bundles
        ).compliance_verdict

    V = ComplianceVerdict
    assert verdict() is None
    assert verdict(V.COMPLIANT, V.GAPS) is V.GAPS
    assert verdict(V.NON_COMPLIANT, V.COMPLIANT, V.GAPS) is V.NON_COMPLIANT
