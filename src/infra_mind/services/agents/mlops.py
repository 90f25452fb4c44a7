"""MLOps: maturity level with evidence, pipeline, registry, monitoring and drift tooling, training cost."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.enums import Priority, SecurityControl
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, draft, formula, output
from infra_mind.services.agents.costs import component_specs, training_estimate

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


class MLOpsAgent:
    name = "mlops"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        team, t = ctx.input.business.team, ctx.input.technical
        controls = set(t.security_controls)
        evidence = {
            "ml_engineers": team.ml_engineers,
            "data_engineers": team.data_engineers,
            "kubernetes_skill": team.kubernetes_skill,
            "cloud_skill": team.cloud_skill,
            "audit_logging": SecurityControl.AUDIT_LOGGING in controls,
            "scheduled_training": any(w.training for w in t.ai_workloads),
        }
        # Level 0 manual, 1 pipeline automation, 2 CI/CD for models (Google's MLOps levels).
        level = 0
        if team.ml_engineers >= 1 and team.cloud_skill >= 3:
            level = 1
        if (
            level == 1
            and team.ml_engineers >= 3
            and team.kubernetes_skill >= 4
            and evidence["audit_logging"]
        ):
            level = 2
        provider = a.chosen.provider if a.chosen else "open_source"
        tooling = (
            TOOLING[provider]
            if team.kubernetes_skill < 4
            else TOOLING["open_source"] | {"managed_alternative": TOOLING[provider]}
        )
        specs = component_specs(kb, a)
        training: list[dict[str, Any]] = []
        drafts: list[DraftRecommendation] = []
        for w in t.ai_workloads:
            key = f"mlops:{w.name}"
            if key not in specs:
                continue
            est = training_estimate(kb, specs[key][0])
            training.append(
                {
                    "workload": w.name,
                    "instance": est.instance_id,
                    "gpus": est.num_gpus,
                    "gpu_hours": est.gpu_hours,
                    "wall_clock_hours": est.wall_clock_hours,
                    "cost_per_run_usd": est.cost_per_run_usd,
                    "monthly_usd": est.monthly_cost_usd,
                    "formulas": list(est.formulas),
                }
            )
            drafts.append(
                draft(
                    kb,
                    a,
                    key=key,
                    category="mlops",
                    specs=specs[key],
                    title=f"Automated {est.kind.value} pipeline for {w.name} on {est.instances} × {est.instance_id}",
                    summary=f"{est.gpu_hours:.1f} GPU-hours per run, {est.wall_clock_hours:.2f} h wall-clock, {tooling['pipeline']} + {tooling['registry']}",
                    rationale=f"maturity level {level}: retraining must be a pipeline with a registry gate, not a manual step",
                    impact=0.7,
                    risk=0.3,
                    urgency=Priority.HIGH if level == 0 else Priority.MEDIUM,
                    effort_weeks=4,
                )
            )
        facts = {
            "maturity_level": level,
            "maturity_scale": "0 manual, 1 pipeline automation, 2 CI/CD for models",
            "evidence": evidence,
            "tooling": tooling,
            "training": training,
            "drift_monitoring": tooling.get("monitoring"),
        }
        return await output(
            ctx,
            self.name,
            INSTRUCTIONS,
            facts,
            [formula("maturity_level", "rules on team ML headcount, skills and audit logging")],
            drafts,
        )
