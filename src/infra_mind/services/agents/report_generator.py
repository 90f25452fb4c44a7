"""Report generator: the document plan (sections and the facts and figures each shows)."""

from __future__ import annotations

from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import output

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


INSTRUCTIONS = (
    "Describe the report's plan for the reader: its sections in order, what each shows, "
    "and which sections are missing because an agent produced no facts."
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
        return await output(
            ctx, self.name, INSTRUCTIONS, facts, [SourceRef(kind="formula", ref="report_plan")]
        )
