"""Compliance: applicable frameworks with reasons, control gaps, residency and eligible services."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.enums import Priority
from infra_mind.domain.fact_rows import AttestationRow, FrameworkRow, GapRow
from infra_mind.domain.facts import ComplianceFacts
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, draft, output
from infra_mind.services.agents.eligibility import ineligible_services
from infra_mind.services.agents.part import Part
from infra_mind.services.agents.work import control_work

INSTRUCTIONS = (
    "Explain, for a compliance officer, which frameworks apply and why, the gaps and "
    "residency limits."
)


def compliance_facts(kb: KnowledgeBase, a: Analysis) -> ComplianceFacts:
    f = a.compliance
    return ComplianceFacts(
        ai_risk_level=f.ai_risk_level,
        frameworks=[
            FrameworkRow(
                framework=x.framework_id,
                name=x.name,
                kind=x.kind,
                reasons=list(x.reasons),
                exemptions=list(x.exemptions),
            )
            for x in f.applicable
        ],
        suggested_attestations=[
            AttestationRow(framework=x.framework_id, reasons=list(x.reasons))
            for x in f.suggested_attestations
        ],
        gaps=[
            GapRow(
                framework=g.framework_id,
                control=g.control_id,
                severity=g.severity,
                description=g.description,
                missing=list(g.missing_controls),
            )
            for g in f.gaps
        ],
        met_controls=list(f.met_controls),
        required_service_eligibility=sorted(a.flags),
        data_residency=list(a.residency) if a.residency else "not provided",
        region_scope_reason=a.region_scope_reason,
        allowed_regions=sorted(a.allowed_regions),
        ineligible_services=ineligible_services(kb, a),
        assumptions=list(f.assumptions),
    )


def security_urgency(worst: str | None) -> Priority:
    if worst == "critical":
        return Priority.CRITICAL
    return Priority.HIGH if worst is not None else Priority.MEDIUM


def security_draft(kb: KnowledgeBase, a: Analysis, part: Part) -> DraftRecommendation:
    """WAF, audit logging and the work to close the control gaps (worst gap sets the urgency)."""
    gaps = a.compliance.gaps
    worst = gaps[0].severity if gaps else None
    summary = "; ".join(
        f"{g.framework_id} {g.control_id} ({g.severity}): add {', '.join(g.missing_controls)}"
        for g in gaps[:4]
    )
    return draft(
        kb,
        a,
        key="security",
        category="security_compliance",
        part=part,
        title="Security controls: WAF, central audit logging"
        + (f"; close {len(gaps)} control gaps" if gaps else ""),
        summary=summary or "declared controls meet the applicable frameworks",
        rationale="frameworks: " + ", ".join(x.framework_id for x in a.compliance.applicable),
        impact=0.85 if worst in ("critical", "high") else 0.6,
        risk=0.2,
        urgency=security_urgency(worst),
        extra_work=control_work(gaps),
    )


class ComplianceAgent:
    name = AgentRole.COMPLIANCE.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        security = a.part("security")
        drafts = [security_draft(kb, a, security)] if security is not None else []
        sources = [catalog_source(kb, x.catalog_ref) for x in a.compliance.applicable]
        facts = compliance_facts(kb, a)
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
