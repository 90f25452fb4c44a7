"""The report document built from stored outcomes: sections driven by data, gaps once,
the timeline's critical path, and plain words instead of fact keys."""

from __future__ import annotations

import pytest

from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import KeyFigures, Paragraph, ReportType, Section, Table
from infra_mind.services.reports.builder import build_report
from infra_mind.services.reports.timeline import schedule
from tests.factories import EXAMPLES
from tests.reports_world import ReportWorld


def _section(outcome: AssessmentOutcome, report_type: ReportType, title: str) -> Section:
    return next(s for s in build_report(outcome, report_type).sections if s.title == title)


def _table(section: Section, title: str) -> Table:
    return next(b for b in section.blocks if isinstance(b, Table) and b.title.startswith(title))


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_control_gap_is_listed_once(report_world: ReportWorld, example: str) -> None:
    outcome = report_world.outcomes[example]
    rows = _table(_section(outcome, ReportType.COMPLIANCE, "Compliance"), "Control gaps").rows
    distinct = {
        (g.framework.value, g.control_id)
        for b in outcome.recommendations
        for g in b.compliance.gaps
    }
    assert sorted((r[1].text, r[2].text) for r in rows) == sorted(distinct)


@pytest.mark.parametrize("example", EXAMPLES)
def test_timeline_total_is_the_longest_plan(report_world: ReportWorld, example: str) -> None:
    outcome = report_world.outcomes[example]
    longest = max(b.plan.total_weeks for b in outcome.recommendations)
    assert schedule(outcome.recommendations).total_weeks == longest


@pytest.mark.parametrize("example", EXAMPLES)
def test_critical_path_runs_design_to_rollout_of_the_longest_plan(
    report_world: ReportWorld, example: str
) -> None:
    outcome = report_world.outcomes[example]
    plan = schedule(outcome.recommendations)
    longest = max(outcome.recommendations, key=lambda b: b.plan.total_weeks)
    rank = longest.recommendation.rank
    expected = [f"R{rank} {p.name}" for p in longest.plan.phases]
    assert plan.critical_path == expected


def test_a_section_without_data_says_so(report_world: ReportWorld) -> None:
    outcome = report_world.outcomes[EXAMPLES[0]]
    without = outcome.model_copy(
        update={"results": [r for r in outcome.results if r.node != "simulation"]}
    )
    blocks = _section(without, ReportType.COST_ANALYSIS, "Cost projections").blocks
    assert blocks[0] == Paragraph(
        text="No data: cost projections — the simulation agent stored no projections.",
        tone="note",
    )


@pytest.mark.parametrize("example", EXAMPLES)
def test_executive_summary_figures_are_the_stored_ones(
    report_world: ReportWorld, example: str
) -> None:
    outcome = report_world.outcomes[example]
    summary = _section(outcome, ReportType.EXECUTIVE_SUMMARY, "Executive summary")
    figures = next(b for b in summary.blocks if isinstance(b, KeyFigures))
    shown = {f.label: f.value for f in figures.items}
    assert (shown["Total monthly cost"], shown["Top recommendation"]) == (
        f"${round(outcome.total_monthly_cost_usd, 2):,.2f}",
        outcome.recommendations[0].recommendation.title,
    )


@pytest.mark.parametrize("report_type", list(ReportType))
def test_every_report_type_has_content_in_every_section(
    report_world: ReportWorld, report_type: ReportType
) -> None:
    document = build_report(report_world.outcomes[EXAMPLES[1]], report_type)
    assert [s.title for s in document.sections if not s.blocks] == []


def test_a_control_named_like_a_fact_key_reads_as_words(report_world: ReportWorld) -> None:
    outcome = report_world.outcomes["eu-healthcare-support-bot"]
    plan = _section(outcome, ReportType.TECHNICAL_ROADMAP, "Implementation plan")
    text = str(plan.model_dump())
    assert ("audit logging" in text, "audit_logging" in text) == (True, False)


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_complete_run_leaves_no_section_without_data(
    report_world: ReportWorld, example: str
) -> None:
    # the report reads each agent's facts through the agent's own facts model: a shape the
    # report cannot read would show up here as "No data" although every agent completed
    outcome = report_world.outcomes[example]
    notes = [
        b.text
        for report_type in ReportType
        for s in build_report(outcome, report_type).sections
        for b in s.blocks
        if isinstance(b, Paragraph) and b.text.startswith("No data")
    ]
    assert notes == []


def test_the_mlops_finding_names_the_managed_alternative(report_world: ReportWorld) -> None:
    outcome = report_world.outcomes["fintech-fraud-model"]
    text = str(
        _section(outcome, ReportType.TECHNICAL_ROADMAP, "Architecture and findings").model_dump()
    )
    assert "managed alternative on the chosen cloud — pipeline: SageMaker Pipelines" in text
