"""Research: model and GPU fit, throughput and latency derived from the GPU specs."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.capacity import plan_capacity
from infra_mind.domain.results import AgentOutput
from infra_mind.domain.sizing import estimate_inference_memory, fitting_instances
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, formula, output

INSTRUCTIONS = (
    "Explain, for an ML lead, which models fit which GPUs and the throughput and latency expected."
)


class ResearchAgent:
    name = "research"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        models: list[dict[str, Any]] = []
        sources = [formula("estimate_inference_memory", "weights + KV cache + 5 % overhead")]
        for s in a.served:
            req = s.requirement
            mem = estimate_inference_memory(
                s.model, s.precision, req.context_tokens, req.batch_size
            )
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
                sources.append(catalog_source(kb, f"gpu:{fit.gpu_id}"))
            models.append(
                {
                    "workload": s.workload,
                    "model": s.model.name,
                    "model_note": s.proxy_note,
                    "precision": s.precision.value,
                    "precision_note": "not provided; sized at bf16"
                    if s.precision_assumed
                    else "as provided",
                    "memory_gb": mem.total_gb,
                    "memory_formula": mem.formula,
                    "gpu_fit": gpus,
                }
            )
            sources.append(catalog_source(kb, f"open_model:{s.model.id}"))
        hosted = [
            {
                "workload": x.workload,
                "requested": x.requested,
                "choice": x.choice.id if x.choice else None,
                "note": x.note,
            }
            for p in a.plans
            if p.provider == (a.chosen.provider if a.chosen else None)
            for x in p.api
        ]
        facts = {"self_hosted_models": models, "hosted_models": hosted, "notes": list(a.notes)}
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources)
