"""The implementation plan as a timeline with dependencies and the critical path."""

from __future__ import annotations

from infra_mind.domain.facts import CTOFacts
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import (
    Block,
    BulletList,
    Chart,
    Column,
    Paragraph,
    Section,
    Series,
    Table,
)
from infra_mind.services.reports import cells
from infra_mind.services.reports.facts import view
from infra_mind.services.reports.timeline import schedule
from infra_mind.services.reports.words import no_data, weeks


def implementation_plan(outcome: AssessmentOutcome) -> Section:
    plan = schedule(outcome.recommendations)
    if not plan.activities:
        blocks: list[Block] = [no_data("implementation plan", "no recommendation has a plan")]
    else:
        blocks = [
            Paragraph(
                text=(
                    f"Total duration: {weeks(plan.total_weeks)}, the length of the critical path "
                    f"({' → '.join(plan.critical_path)}). Each recommendation's phases follow "
                    "one another; the stored plans declare no dependency between "
                    "recommendations, so their phases run side by side."
                )
            ),
            Table(
                title="Timeline (weeks from the start; slack = how far a phase can slip)",
                columns=[
                    Column(header="Phase"),
                    Column(header="Recommendation"),
                    Column(header="Start week", kind="number"),
                    Column(header="Weeks", kind="number"),
                    Column(header="Finish week", kind="number"),
                    Column(header="After"),
                    Column(header="Slack (weeks)", kind="number"),
                    Column(header="Critical"),
                ],
                rows=[
                    [
                        cells.text(a.key),
                        cells.text(a.recommendation),
                        cells.number(a.start_week, 2),
                        cells.number(a.duration_weeks, 2),
                        cells.number(a.finish_week, 2),
                        cells.text(", ".join(a.depends_on) or "—"),
                        cells.number(a.slack_weeks, 2),
                        cells.text("yes" if a.critical else "no"),
                    ]
                    for a in plan.activities
                ],
            ),
            Chart(
                style="timeline",
                title=f"Implementation timeline: {weeks(plan.total_weeks)} in total",
                labels=[a.key for a in plan.activities],
                series=[
                    Series(name="start", values=[round(a.start_week, 3) for a in plan.activities]),
                    Series(name="weeks", values=[a.duration_weeks for a in plan.activities]),
                ],
                x_label="weeks",
                highlight=[a.critical for a in plan.activities],
                caption="Dark bars are on the critical path.",
            ),
        ]
        for b in outcome.recommendations:
            tasks = [t for p in b.plan.phases for t in p.tasks]
            roles = sorted({r for p in b.plan.phases for r in p.roles})
            blocks.append(
                Paragraph(
                    text=(
                        f"R{b.recommendation.rank} {b.recommendation.title} — "
                        f"{weeks(b.plan.total_weeks)}, roles: {', '.join(roles) or 'none named'}."
                    )
                )
            )
            if tasks:
                blocks.append(BulletList(items=tasks))
    cto = view(outcome, "cto", CTOFacts)
    if cto and cto.roadmap:
        blocks.append(
            Table(
                title="Programme roadmap (CTO)",
                columns=[Column(header="Stage"), Column(header="Months"), Column(header="Content")],
                rows=[
                    [cells.text(s.phase), cells.text(s.months), cells.text(s.content)]
                    for s in cto.roadmap
                ],
            )
        )
    return Section(title="Implementation plan", sheet="Implementation plan", blocks=blocks)
