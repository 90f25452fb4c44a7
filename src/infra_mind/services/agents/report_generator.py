"""Report generator: the document plan (sections and the facts and figures each shows)."""

from __future__ import annotations

from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.services.agents.base import AgentContext

SECTIONS = (
    ("Executive summary", "synthesis", ["total_monthly_usd", "budget_fit", "missing_agents"]),
    ("Recommendations", "synthesis", ["ranking", "ranking_formula"]),
    ("Provider comparison", "cloud_engineer", ["comparison", "chosen_reason"]),
    ("Capacity and architecture", "infrastructure", ["capacity", "zones", "dr_standby_region"]),
    ("Models and GPUs", "research", ["self_hosted_models", "hosted_models"]),
    ("Compliance", "compliance", ["frameworks", "gaps", "allowed_regions"]),
    ("MLOps", "mlops", ["maturity_level", "evidence", "tooling", "training"]),
    ("Cost projections", "simulation", ["projections", "scenarios"]),
    ("Strategy and roadmap", "cto", ["tco_over_timeline_usd", "risks", "roadmap"]),
    ("Use cases", "ai_consultant", ["use_cases"]),
    ("Market notes", "web_research", ["notes"]),
)


class ReportGeneratorAgent:
    name = "report_generator"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        synthesis = ctx.facts_of("synthesis")
        sections = []
        for title, node, keys in SECTIONS:
            facts = ctx.facts_of(node) if node != "synthesis" else synthesis
            present = [k for k in keys if k in facts]
            sections.append(
                {"title": title, "node": node, "facts": present, "available": bool(present)}
            )
        facts = {
            "sections": sections,
            "missing_sections": [s["title"] for s in sections if not s["available"]],
        }
        return AgentOutput(
            facts=facts,
            sources=[SourceRef(kind="formula", ref="report_plan")],
            narrative=f"Report plan with {len(sections)} sections.",
        )
