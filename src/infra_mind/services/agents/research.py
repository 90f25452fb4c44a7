"""Research: model and GPU fit, throughput and latency derived from the GPU specs."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.fact_rows import GpuFitRow, HostedModelRow, SelfHostedModelRow
from infra_mind.domain.facts import ResearchFacts
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.planning import ServingChoice, best_serving, fastest_serving
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.domain.sizing import InferenceMemory, estimate_inference_memory, fitting_instances
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, formula, output
from infra_mind.services.agents.model_choice import ServedModel
from infra_mind.services.agents.provider_planning import MAX_BATCH_SIZE

INSTRUCTIONS = (
    "Explain, for an ML lead, which models fit which GPUs and the throughput and latency expected."
)


def gpu_fit(
    kb: KnowledgeBase, a: Analysis, s: ServedModel, mem: InferenceMemory
) -> dict[str, GpuFitRow]:
    """Per GPU model able to hold a replica in an allowed region: the instance type and
    (batch, tensor-parallel) configuration needing the fewest USD/h for the peak among those
    meeting the latency target, else the fastest configuration (saying it misses)."""
    req = s.requirement.model_copy(update={"batch_size": MAX_BATCH_SIZE})
    found: dict[str, tuple[tuple[bool, float], ServingChoice]] = {}
    for fit in fitting_instances(kb, mem, regions=a.allowed_regions):
        best = best_serving(kb, req, fit.instance_id)
        if best is not None:
            key = (False, best.instances * best.fit.on_demand_usd_per_hour)
        else:
            best = fastest_serving(kb, req, fit.instance_id)
            if best is None:
                continue
            key = (True, best.capacity.p95_latency_ms)
        if fit.gpu_id not in found or key < found[fit.gpu_id][0]:
            found[fit.gpu_id] = (key, best)
    return {
        gpu: GpuFitRow(
            instance=c.fit.instance_id,
            gpus_per_replica=c.fit.gpus_per_replica,
            batch_size=c.capacity.batch_size,
            tokens_per_s_per_replica=c.capacity.tokens_per_s_per_replica,
            p95_latency_ms=c.capacity.p95_latency_ms,
            meets_latency=c.capacity.meets_latency,
            bound=c.capacity.bound,
            instances_for_full_peak=c.instances,
            on_demand_usd_per_hour_for_full_peak=c.instances * c.fit.on_demand_usd_per_hour,
        )
        for gpu, (_, c) in found.items()
    }


def model_row(kb: KnowledgeBase, a: Analysis, s: ServedModel) -> SelfHostedModelRow:
    req = s.requirement
    # batch 1: the smallest replica, so every GPU that can hold the model at all is listed
    mem = estimate_inference_memory(s.model, s.precision, req.context_tokens, 1)
    return SelfHostedModelRow(
        workload=s.workload,
        model=s.model.name,
        model_note=s.proxy_note,
        precision=s.precision.value,
        precision_note="not provided; sized at bf16" if s.precision_assumed else "as provided",
        memory_gb_at_batch_1=mem.total_gb,
        memory_formula=mem.formula,
        gpu_fit=gpu_fit(kb, a, s, mem),
    )


def hosted_rows(a: Analysis) -> list[HostedModelRow]:
    """Hosted-model choices on the chosen provider."""
    chosen = a.chosen.provider if a.chosen else None
    return [
        HostedModelRow(
            workload=x.workload,
            requested=x.requested,
            choice=x.choice.id if x.choice else None,
            note=x.note,
        )
        for p in a.plans
        if p.provider == chosen
        for x in p.api
    ]


class ResearchAgent:
    name = AgentRole.RESEARCH.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        models = await ctx.offload(lambda: [model_row(kb, a, s) for s in a.served])
        sources: list[SourceRef] = [
            formula("estimate_inference_memory", "weights + KV cache + 5 % overhead")
        ]
        for s, row in zip(a.served, models, strict=True):
            sources += [catalog_source(kb, f"gpu:{g}") for g in row.gpu_fit]
            sources.append(catalog_source(kb, f"open_model:{s.model.id}"))
        facts = ResearchFacts(
            self_hosted_models=models,
            hosted_models=hosted_rows(a),
            notes=list(a.notes),
        )
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources)
