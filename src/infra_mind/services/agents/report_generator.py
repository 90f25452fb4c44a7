"""Report generator: the document plan (sections and the facts and figures each shows)."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.facts import FACTS_BY_NODE, ReportFacts, ReportSection
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.domain.workflow import REPORTED, SYNTHESIS, AgentRole
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import output

R = AgentRole
SECTIONS: tuple[tuple[str, str, list[str]], ...] = (
    (
        "Executive summary",
        SYNTHESIS,
        ["feasibility", "total_monthly_usd", "budget_fit", "missing_agents"],
    ),
    ("Recommendations", SYNTHESIS, ["ranking", "ranking_formula"]),
    ("Provider comparison", R.CLOUD_ENGINEER.value, ["comparison", "chosen_reason"]),
    (
        "Capacity and architecture",
        R.INFRASTRUCTURE.value,
        ["capacity", "zones", "dr_standby_region"],
    ),
    ("Models and GPUs", R.RESEARCH.value, ["self_hosted_models", "hosted_models"]),
    ("Compliance", R.COMPLIANCE.value, ["frameworks", "gaps", "allowed_regions"]),
    ("MLOps", R.MLOPS.value, ["maturity_level", "evidence", "tooling", "training"]),
    ("Cost projections", R.SIMULATION.value, ["projections", "scenarios"]),
    ("Strategy and roadmap", R.CTO.value, ["tco_over_timeline_usd", "risks", "roadmap"]),
    ("Use cases", R.AI_CONSULTANT.value, ["use_cases"]),
    ("Market notes", R.WEB_RESEARCH.value, ["notes"]),
)
"""Each section, the node it shows and the facts it needs: the nodes are the declared reads."""


INSTRUCTIONS = (
    "Describe the report's plan for the reader: its sections in order, what each shows, "
    "and which sections are missing because an agent produced no facts."
)


class ReportGeneratorAgent:
    name = AgentRole.REPORT_GENERATOR.value
    reads: ClassVar[tuple[str, ...]] = (SYNTHESIS, *REPORTED)

    async def run(self, ctx: AgentContext) -> AgentOutput:
        sections = []
        for title, node, keys in SECTIONS:
            found = ctx.facts(node, FACTS_BY_NODE[node])
            present = [k for k in keys if found is not None and k in type(found).model_fields]
            sections.append(
                ReportSection(title=title, node=node, facts=present, available=bool(present))
            )
        facts = ReportFacts(
            sections=sections,
            missing_sections=[s.title for s in sections if not s.available],
        )
        return await output(
            ctx, self.name, INSTRUCTIONS, facts, [SourceRef(kind="formula", ref="report_plan")]
        )
