"""Research: model and GPU fit, throughput and latency derived from the GPU specs."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.capacity import plan_capacity
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.domain.sizing import InferenceMemory, estimate_inference_memory, fitting_instances
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, formula, output
from infra_mind.services.agents.deployment import Analysis
from infra_mind.services.agents.model_choice import ServedModel

INSTRUCTIONS = (
    "Explain, for an ML lead, which models fit which GPUs and the throughput and latency expected."
)


def gpu_fit(
    kb: KnowledgeBase, a: Analysis, s: ServedModel, mem: InferenceMemory
) -> dict[str, dict[str, Any]]:
    """Per GPU model able to hold the replica in an allowed region: throughput and latency at
    the workload's traffic, and the cheapest instance carrying it."""
    req = s.requirement
    gpus: dict[str, dict[str, Any]] = {}
    for fit in fitting_instances(kb, mem, regions=a.allowed_regions):
        if fit.gpu_id in gpus:
            continue
        cap = plan_capacity(
            s.model,
            kb.gpu(fit.gpu_id),
            s.precision,
            fit.gpus_per_replica,
            req.batch_size,
            req.traffic,
        )
        gpus[fit.gpu_id] = {
            "gpus_per_replica": fit.gpus_per_replica,
            "tokens_per_s_per_replica": cap.tokens_per_s_per_replica,
            "p95_latency_ms": cap.p95_latency_ms,
            "meets_latency": cap.meets_latency,
            "bound": cap.bound,
            "cheapest_instance": fit.instance_id,
        }
    return gpus


def model_row(kb: KnowledgeBase, a: Analysis, s: ServedModel) -> dict[str, Any]:
    req = s.requirement
    mem = estimate_inference_memory(s.model, s.precision, req.context_tokens, req.batch_size)
    return {
        "workload": s.workload,
        "model": s.model.name,
        "model_note": s.proxy_note,
        "precision": s.precision.value,
        "precision_note": "not provided; sized at bf16" if s.precision_assumed else "as provided",
        "memory_gb": mem.total_gb,
        "memory_formula": mem.formula,
        "gpu_fit": gpu_fit(kb, a, s, mem),
    }


def hosted_rows(a: Analysis) -> list[dict[str, Any]]:
    """Hosted-model choices on the chosen provider."""
    chosen = a.chosen.provider if a.chosen else None
    return [
        {
            "workload": x.workload,
            "requested": x.requested,
            "choice": x.choice.id if x.choice else None,
            "note": x.note,
        }
        for p in a.plans
        if p.provider == chosen
        for x in p.api
    ]


class ResearchAgent:
    name = "research"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        models = [model_row(kb, a, s) for s in a.served]
        sources: list[SourceRef] = [
            formula("estimate_inference_memory", "weights + KV cache + 5 % overhead")
        ]
        for s, row in zip(a.served, models, strict=True):
            sources += [catalog_source(kb, f"gpu:{g}") for g in row["gpu_fit"]]
            sources.append(catalog_source(kb, f"open_model:{s.model.id}"))
        facts = {
            "self_hosted_models": models,
            "hosted_models": hosted_rows(a),
            "notes": list(a.notes),
        }
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources)
