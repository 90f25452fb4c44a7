"""Compliance section: frameworks and why they apply, a matrix of recommendations against
frameworks, and control gaps listed once with the recommendations they concern."""

from __future__ import annotations

from infra_mind.domain.facts import ComplianceFacts
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.recommendation import ControlGap, Severity
from infra_mind.domain.report import Block, BulletList, Column, Paragraph, Section, Table
from infra_mind.services.reports import cells
from infra_mind.services.reports.facts import view
from infra_mind.services.reports.words import dedupe, humanize, no_data

_SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW]


def _frameworks(outcome: AssessmentOutcome, facts: ComplianceFacts | None) -> Table:
    rows = []
    if facts and facts.frameworks:
        for f in facts.frameworks:
            rows.append(
                [cells.text(f.framework), cells.text(f.name), cells.text("; ".join(f.reasons))]
            )
    else:
        seen: dict[str, str] = {}
        for b in outcome.recommendations:
            for fa in b.compliance.frameworks:
                seen.setdefault(fa.framework.value, fa.reason)
        rows = [[cells.text(k), cells.text(k), cells.text(v)] for k, v in seen.items()]
    return Table(
        title="Frameworks that apply",
        columns=[
            Column(header="Framework"),
            Column(header="Name"),
            Column(header="Why it applies"),
        ],
        rows=rows,
    )


def _gaps(outcome: AssessmentOutcome) -> tuple[list[ControlGap], dict[tuple[str, str], list[int]]]:
    """Every distinct gap (framework, control) once, and the ranks it appears under."""
    gaps: dict[tuple[str, str], ControlGap] = {}
    ranks: dict[tuple[str, str], list[int]] = {}
    for b in outcome.recommendations:
        for g in b.compliance.gaps:
            key = (g.framework.value, g.control_id)
            gaps.setdefault(key, g)
            ranks.setdefault(key, []).append(b.recommendation.rank)
    ordered = sorted(
        gaps.values(),
        key=lambda g: (_SEVERITY_ORDER.index(g.severity), g.framework.value, g.control_id),
    )
    return ordered, ranks


def _matrix(outcome: AssessmentOutcome, frameworks: list[str]) -> Table:
    rows = []
    for b in outcome.recommendations:
        row = [
            cells.integer(b.recommendation.rank),
            cells.text(b.recommendation.title),
            cells.text(b.compliance.verdict.value.replace("_", " ")),
        ]
        for fw in frameworks:
            open_gaps = [g for g in b.compliance.gaps if g.framework.value == fw]
            row.append(cells.text(f"{len(open_gaps)} open gaps" if open_gaps else "no gap"))
        row.append(cells.text(", ".join(b.compliance.ineligible_services) or "none"))
        rows.append(row)
    return Table(
        title="Compliance matrix: recommendations against frameworks",
        columns=[
            Column(header="Rank", kind="integer"),
            Column(header="Recommendation"),
            Column(header="Verdict"),
        ]
        + [Column(header=fw) for fw in frameworks]
        + [Column(header="Ineligible services")],
        rows=rows,
    )


def compliance(outcome: AssessmentOutcome) -> Section:
    facts = view(outcome, "compliance", ComplianceFacts)
    if not outcome.recommendations and facts is None:
        return Section(
            title="Compliance",
            sheet="Compliance",
            blocks=[no_data("compliance", "the compliance agent and synthesis stored no results")],
        )
    verdict = (outcome.compliance_verdict or "not assessed").replace("_", " ")
    intro = f"Overall verdict: {verdict} (the worst verdict across the recommendations)."
    if facts and facts.ai_risk_level:
        intro += f" AI risk level under the EU AI Act classification: {facts.ai_risk_level}."
    if facts and facts.region_scope_reason:
        intro += f" Regions are limited because {facts.region_scope_reason}."
    blocks: list[Block] = [Paragraph(text=intro), _frameworks(outcome, facts)]
    frameworks = dedupe(
        [fa.framework.value for b in outcome.recommendations for fa in b.compliance.frameworks]
    )
    if outcome.recommendations:
        blocks.append(_matrix(outcome, frameworks))
    gaps, ranks = _gaps(outcome)
    everyone = sorted(b.recommendation.rank for b in outcome.recommendations)
    if gaps:
        blocks.append(
            Table(
                title="Control gaps (each listed once)",
                columns=[
                    Column(header="Severity"),
                    Column(header="Framework"),
                    Column(header="Control"),
                    Column(header="Requirement"),
                    Column(header="Remediation"),
                    Column(header="Concerns"),
                ],
                rows=[
                    [
                        cells.text(g.severity.value),
                        cells.text(g.framework.value),
                        cells.text(g.control_id),
                        cells.text(g.description),
                        cells.text(humanize(g.remediation)),
                        cells.text(
                            "all recommendations"
                            if sorted(set(ranks[(g.framework.value, g.control_id)])) == everyone
                            else "recommendations "
                            + ", ".join(
                                str(r)
                                for r in sorted(set(ranks[(g.framework.value, g.control_id)]))
                            )
                        ),
                    ]
                    for g in gaps
                ],
            )
        )
    else:
        blocks.append(Paragraph(text="No control gaps were found for the declared controls."))
    regions = dedupe([r for b in outcome.recommendations for r in b.compliance.allowed_regions])
    if regions:
        blocks.append(Paragraph(text="Regions allowed for the data: " + ", ".join(regions) + "."))
    notes = dedupe(
        [n for b in outcome.recommendations for n in b.compliance.notes]
        + (facts.assumptions if facts else [])
    )
    if notes:
        blocks.append(BulletList(items=notes))
    return Section(title="Compliance", sheet="Compliance", blocks=blocks)
