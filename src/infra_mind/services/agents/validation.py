"""The data_validation node: checks the input once more and derives the shared facts
every analyst starts from (traffic in tokens, growth multiples, what was not provided)."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.enums import SecurityControl
from infra_mind.domain.fact_rows import WorkloadRow
from infra_mind.domain.facts import DataValidationFacts
from infra_mind.domain.input import AIWorkload, AssessmentInput
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.domain.workflow import DATA_VALIDATION
from infra_mind.services.agents.base import AgentContext

SECONDS_PER_MONTH = 730 * 3600  # 730 h, the cloud-billing month used everywhere

INSTRUCTIONS = (
    "Summarise, for a CTO, what the team described: workloads, traffic, growth, budget, "
    "team and duties. Restate figures exactly as given; add no new numbers."
)


def workload_facts(w: AIWorkload) -> WorkloadRow:
    """Traffic of one workload in requests and tokens (formulas in ``derived_facts``)."""
    traffic: dict[str, float | str | None] = {}
    if w.inference is not None:
        inf = w.inference
        per_request = inf.input_tokens_per_request + inf.output_tokens_per_request
        monthly_requests = inf.requests_per_s_avg * SECONDS_PER_MONTH
        traffic = {
            "peak_tokens_per_s": inf.requests_per_s_peak * per_request,
            "avg_tokens_per_s": inf.requests_per_s_avg * per_request,
            "monthly_requests": monthly_requests,
            "monthly_input_tokens": monthly_requests * inf.input_tokens_per_request,
            "monthly_output_tokens": monthly_requests * inf.output_tokens_per_request,
            "peak_to_average": (
                inf.requests_per_s_peak / inf.requests_per_s_avg if inf.requests_per_s_avg else None
            ),
            "p95_latency_target_ms": inf.p95_latency_ms or "not provided",
        }
    return WorkloadRow.model_validate(
        {
            "name": w.name,
            "use_case": w.use_case.value,
            "self_hosted": w.model.self_hosted,
            "model": w.model.api_model or f"{w.model.family or 'model'} {w.model.parameters_b:g}B",
            "precision": w.precision.value if w.precision else "not provided",
            **traffic,
            "training_kind": w.training.kind.value if w.training else None,
            "training_tokens_per_month": (
                w.training.dataset_tokens * w.training.runs_per_month if w.training else None
            ),
        }
    )


def not_provided(data: AssessmentInput) -> list[str]:
    """Optional inputs left out (the agents say so rather than assume them)."""
    b, t = data.business, data.technical
    return [
        name
        for name, value in (
            ("business.growth.users_24m", b.growth.users_24m),
            ("business.budget.split", b.budget.split),
            ("business.data_residency", b.data_residency),
            ("technical.data.monthly_egress_tb", t.data.monthly_egress_tb),
        )
        if value is None
    ]


def derived_facts(data: AssessmentInput) -> DataValidationFacts:
    """Facts computed from the input alone (formulas under ``formulas``)."""
    b, t = data.business, data.technical
    growth = b.growth
    users_24m = growth.users_24m
    declared = {c.value for c in t.security_controls}
    return DataValidationFacts(
        company=b.company_name,
        industry=b.industry.value,
        size=b.size.value,
        operating_regions=[r.value for r in b.operating_regions],
        data_residency=[r.value for r in b.data_residency] if b.data_residency else None,
        monthly_budget_usd=b.budget.monthly_limit_usd,
        team_headcount=b.team.headcount,
        current_users=growth.current_users,
        users_growth_24m_multiple=(
            users_24m / growth.current_users if users_24m and growth.current_users else None
        ),
        ai_workloads=[workload_facts(w) for w in t.ai_workloads],
        workload_types=[w.value for w in t.workload_types],
        availability_target_pct=t.availability_target_pct,
        security_controls_declared=sorted(declared),
        security_controls_missing=sorted(c.value for c in SecurityControl if c not in declared),
        compliance_declared=[f.value for f in b.compliance],
        not_provided=not_provided(data),
        formulas={
            "monthly_requests": "requests_per_s_avg × 730 h × 3600 s",
            "peak_tokens_per_s": "requests_per_s_peak × (input + output tokens per request)",
        },
    )


class DataValidationAgent:
    name = DATA_VALIDATION
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        data = AssessmentInput.model_validate(ctx.input.model_dump())
        facts = derived_facts(data).model_dump(mode="json")
        narration = await ctx.narrator.narrate(
            tenant_id=ctx.tenant_id,
            assessment_id=ctx.assessment.id,
            agent=self.name,
            instructions=INSTRUCTIONS,
            facts=facts,
            user_text={"title": ctx.assessment.title},
        )
        return AgentOutput(
            facts=facts,
            sources=[SourceRef(kind="input", ref="assessment.input")],
            narrative=narration.text,
            narrative_provider=narration.provider,
            narrative_model=narration.model,
            llm_notes=narration.notes,
            llm_tokens=narration.tokens,
            llm_cost_usd=narration.cost_usd,
        )
