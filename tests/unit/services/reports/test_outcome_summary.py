"""The report's executive summary states the outcome's feasibility and its warnings."""

from __future__ import annotations

from infra_mind.domain.input import AssessmentInput
from infra_mind.services.reports.summary import (
    assumptions,
    feasibility_options,
    feasibility_sentence,
)
from tests.entrypoints.cli.test_feasibility import impossible_request
from tests.factories import example_input
from tests.unit.services.agents.test_outcome_properties import outcome_of


def test_an_impossible_requests_summary_says_infeasible_and_names_the_closest_option() -> None:
    outcome = outcome_of(AssessmentInput.model_validate(impossible_request()))
    assert feasibility_sentence(outcome).startswith("Infeasible: no deployment meets the request")
    assert feasibility_options(outcome)[0].startswith("Closest option: aws (us-east-1)")


def test_the_summarys_assumptions_list_each_warning_beside_its_figure() -> None:
    outcome = outcome_of(example_input("fintech-fraud-model"))
    serving = next(b for b in outcome.recommendations if b.warnings)
    warned = [n for n in assumptions(outcome) if n.startswith(f"#{serving.recommendation.rank} ")]
    assert any("precision for fraud-scorer: used fp8, stated bf16" in n for n in warned)
