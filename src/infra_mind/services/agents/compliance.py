"""Compliance: applicable frameworks with reasons, control gaps, residency and eligible services."""

from __future__ import annotations

from infra_mind.domain.costing import eligible_services
from infra_mind.domain.enums import Priority
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, draft, output
from infra_mind.services.agents.costs import component_specs

INSTRUCTIONS = "Explain, for a compliance officer, which frameworks apply and why, the gaps and residency limits."


class ComplianceAgent:
    name = "compliance"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        f = a.compliance
        provider = a.chosen.provider if a.chosen else None
        ineligible: list[str] = []
        if provider is not None:
            for category in (
                "kubernetes",
                "relational_db",
                "object_storage",
                "vector_search",
                "monitoring",
                "waf_ddos",
                "model_endpoint",
            ):
                _, excluded = eligible_services(kb, provider, category, a.flags)
                ineligible += [f"{e.catalog_ref}: {e.reason}" for e in excluded]
        facts = {
            "ai_risk_level": f.ai_risk_level,
            "frameworks": [
                {"framework": x.framework_id, "name": x.name, "reasons": list(x.reasons)}
                for x in f.applicable
            ],
            "gaps": [
                {
                    "framework": g.framework_id,
                    "control": g.control_id,
                    "severity": g.severity,
                    "description": g.description,
                    "missing": list(g.missing_controls),
                }
                for g in f.gaps
            ],
            "met_controls": list(f.met_controls),
            "required_service_eligibility": sorted(a.flags),
            "data_residency": list(a.residency) if a.residency else "not provided",
            "region_scope_reason": a.region_scope_reason,
            "allowed_regions": sorted(a.allowed_regions),
            "ineligible_services": ineligible,
            "assumptions": list(f.assumptions),
        }
        drafts: list[DraftRecommendation] = []
        specs = component_specs(kb, a)
        if "security" in specs:
            worst = f.gaps[0].severity if f.gaps else None
            drafts.append(
                draft(
                    kb,
                    a,
                    key="security",
                    category="security_compliance",
                    specs=specs["security"],
                    title="Security controls: WAF, central audit logging"
                    + (f"; close {len(f.gaps)} control gaps" if f.gaps else ""),
                    summary="; ".join(
                        f"{g.framework_id} {g.control_id} ({g.severity}): add {', '.join(g.missing_controls)}"
                        for g in f.gaps[:4]
                    )
                    or "declared controls meet the applicable frameworks",
                    rationale="frameworks: " + ", ".join(x.framework_id for x in f.applicable),
                    impact=0.85 if worst in ("critical", "high") else 0.6,
                    risk=0.2,
                    urgency=Priority.CRITICAL
                    if worst == "critical"
                    else Priority.HIGH
                    if f.gaps
                    else Priority.MEDIUM,
                    effort_weeks=2 + len(f.gaps) * 0.5,
                )
            )
        sources = [catalog_source(kb, x.catalog_ref) for x in f.applicable]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
