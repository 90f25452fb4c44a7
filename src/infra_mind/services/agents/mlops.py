"""MLOps: maturity with evidence, pipeline, registry, monitoring and drift tooling, training."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.enums import Priority, SecurityControl
from infra_mind.domain.fact_rows import MaturityEvidence, Tooling, TrainingRow
from infra_mind.domain.facts import MLOpsFacts
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.domain.training import TrainingEstimate
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, draft, formula, output
from infra_mind.services.agents.costs import training_estimate
from infra_mind.services.agents.part import Part

INSTRUCTIONS = (
    "Assess MLOps maturity for an ML platform lead and describe the pipeline and tooling."
)

TOOLING = {
    "aws": {
        "pipeline": "SageMaker Pipelines",
        "registry": "SageMaker Model Registry",
        "monitoring": "SageMaker Model Monitor + CloudWatch",
    },
    "azure": {
        "pipeline": "Azure ML pipelines",
        "registry": "Azure ML model registry",
        "monitoring": "Azure ML data drift + Azure Monitor",
    },
    "gcp": {
        "pipeline": "Vertex AI Pipelines",
        "registry": "Vertex AI Model Registry",
        "monitoring": "Vertex AI Model Monitoring + Cloud Logging",
    },
    "open_source": {
        "pipeline": "Kubeflow Pipelines / Argo",
        "registry": "MLflow",
        "monitoring": "Evidently + Prometheus",
    },
}


MATURITY_RULES = "rules on team ML headcount, skills and audit logging"


def maturity(data: AssessmentInput) -> tuple[int, MaturityEvidence]:
    """Level 0 manual, 1 pipeline automation, 2 CI/CD for models (Google's MLOps levels):
    1 needs an ML engineer and cloud skill ≥ 3; 2 needs ≥ 3 ML engineers, Kubernetes skill ≥ 4
    and audit logging."""
    team, t = data.business.team, data.technical
    evidence = MaturityEvidence(
        ml_engineers=team.ml_engineers,
        data_engineers=team.data_engineers,
        kubernetes_skill=team.kubernetes_skill,
        cloud_skill=team.cloud_skill,
        audit_logging=SecurityControl.AUDIT_LOGGING in set(t.security_controls),
        scheduled_training=any(w.training for w in t.ai_workloads),
    )
    level = 0
    if team.ml_engineers >= 1 and team.cloud_skill >= 3:
        level = 1
    if level == 1 and team.ml_engineers >= 3 and team.kubernetes_skill >= 4:
        level = 2 if evidence.audit_logging else 1
    return level, evidence


def tooling_for(a: Analysis, kubernetes_skill: int) -> Tooling:
    """The provider's managed tooling, or open source (with the managed alternative) for teams
    strong in Kubernetes."""
    provider = a.chosen.provider if a.chosen else "open_source"
    if kubernetes_skill < 4:
        return Tooling(**TOOLING[provider])
    return Tooling(**TOOLING["open_source"], managed_alternative=Tooling(**TOOLING[provider]))


def training_row(workload: str, est: TrainingEstimate) -> TrainingRow:
    return TrainingRow(
        workload=workload,
        instance=est.instance_id,
        gpus=est.num_gpus,
        gpu_hours=est.gpu_hours,
        wall_clock_hours=est.wall_clock_hours,
        cost_per_run_usd=est.cost_per_run_usd,
        monthly_usd=est.monthly_cost_usd,
        formulas=list(est.formulas),
    )


def pipeline_draft(
    ctx: AgentContext,
    a: Analysis,
    workload: str,
    est: TrainingEstimate,
    part: Part,
    level: int,
    tooling: Tooling,
) -> DraftRecommendation:
    return draft(
        ctx.knowledge,
        a,
        key=f"mlops:{workload}",
        category="mlops",
        part=part,
        title=(
            f"Automated {est.kind.value} pipeline for {workload} "
            f"on {est.instances} × {est.instance_id}"
        ),
        summary=(
            f"{est.gpu_hours:.1f} GPU-hours per run, {est.wall_clock_hours:.2f} h wall-clock, "
            f"{tooling.pipeline} + {tooling.registry}"
        ),
        rationale=(
            f"maturity level {level}: retraining must be a pipeline with a registry gate, "
            "not a manual step"
        ),
        impact=0.7,
        risk=0.3,
        urgency=Priority.HIGH if level == 0 else Priority.MEDIUM,
    )


class MLOpsAgent:
    name = AgentRole.MLOPS.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        level, evidence = maturity(ctx.input)
        tooling = tooling_for(a, ctx.input.business.team.kubernetes_skill)
        training: list[TrainingRow] = []
        drafts: list[DraftRecommendation] = []
        for w in ctx.input.technical.ai_workloads:
            part = a.part(f"mlops:{w.name}")
            if part is None:
                continue
            est = training_estimate(kb, part.specs[0])
            training.append(training_row(w.name, est))
            drafts.append(pipeline_draft(ctx, a, w.name, est, part, level, tooling))
        facts = MLOpsFacts(
            maturity_level=level,
            maturity_scale="0 manual, 1 pipeline automation, 2 CI/CD for models",
            evidence=evidence,
            tooling=tooling,
            training=training,
            drift_monitoring=tooling.monitoring,
        )
        sources = [formula("maturity_level", MATURITY_RULES)]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
