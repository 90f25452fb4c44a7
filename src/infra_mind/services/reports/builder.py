"""Builds the report document of each type from a stored assessment's outcome."""

from __future__ import annotations

from collections.abc import Callable

from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import ReportDocument, ReportType, Section
from infra_mind.services.reports.compliance import compliance
from infra_mind.services.reports.costs import monthly_costs, projections, recommendations
from infra_mind.services.reports.findings import findings
from infra_mind.services.reports.plain import Plain, fact_keys
from infra_mind.services.reports.roadmap import implementation_plan
from infra_mind.services.reports.summary import executive_summary

SectionBuilder = Callable[[AssessmentOutcome], Section]

T = ReportType
SECTIONS: dict[ReportType, tuple[SectionBuilder, ...]] = {
    T.EXECUTIVE_SUMMARY: (executive_summary,),
    T.TECHNICAL_ROADMAP: (implementation_plan, findings, recommendations),
    T.COST_ANALYSIS: (recommendations, monthly_costs, projections),
    T.COMPLIANCE: (compliance,),
    T.FULL: (
        executive_summary,
        recommendations,
        monthly_costs,
        projections,
        compliance,
        implementation_plan,
        findings,
    ),
}

TITLES = {
    T.EXECUTIVE_SUMMARY: "Executive summary",
    T.TECHNICAL_ROADMAP: "Technical roadmap",
    T.COST_ANALYSIS: "Cost analysis",
    T.COMPLIANCE: "Compliance report",
    T.FULL: "Full report",
}


def build_report(outcome: AssessmentOutcome, report_type: ReportType) -> ReportDocument:
    a = outcome.assessment
    company = a.input.business.company_name
    subtitle = (
        f"{TITLES[report_type]} for {company} · assessment {a.id} (version {a.version}, "
        f"{a.status.value}) · {a.updated_at:%Y-%m-%d %H:%M} UTC"
    )
    plain = Plain(fact_keys(outcome))
    return ReportDocument(
        title=a.title,
        subtitle=subtitle,
        report_type=report_type,
        assessment_id=a.id,
        assessment_version=a.version,
        sections=[plain.section(build(outcome)) for build in SECTIONS[report_type]],
    )
