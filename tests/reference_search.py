"""The serving search as it was first written: every batch × tensor-parallel degree × instance
type, each built as pydantic objects with its explanation, then the best by ``best_config``.

Kept as the reference the pruned, memoised search (``domain.serving_search``) must agree with
(tests/unit/domain/test_serving_search.py) and as the baseline of bench/analysis.py."""

from __future__ import annotations

import math

from infra_mind.domain.capacity import plan_capacity
from infra_mind.domain.costing import PricingModel, hourly_rate
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.planning import (
    ServingChoice,
    ServingRequirement,
    batch_sizes,
    best_config,
)
from infra_mind.domain.serving_search import TRAINING_ACCELERATORS
from infra_mind.domain.sizing import estimate_inference_memory, fit_on_instance, gpus_per_replica


def reference_configs(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> list[ServingChoice]:
    model = kb.open_model(req.model_id)
    inst = kb.instance(instance_id)
    if inst.gpu_model is None or inst.gpu_model in TRAINING_ACCELERATORS:
        return []
    gpu = kb.gpu(inst.gpu_model)
    out: list[ServingChoice] = []
    for batch in batch_sizes(req.batch_size):
        memory = estimate_inference_memory(model, req.precision, req.context_tokens, batch)
        min_tp = gpus_per_replica(memory, gpu, inst.gpu_count)
        if min_tp is None:
            continue
        smallest = fit_on_instance(kb, inst, memory, min_tp)
        degrees, tp = [], smallest.gpus_per_replica
        while tp <= smallest.gpu_count:
            degrees.append(tp)
            tp *= 2
        for tp in degrees:
            fit = fit_on_instance(kb, inst, memory, tp)
            cap = plan_capacity(model, gpu, req.precision, tp, batch, req.traffic, req.headroom)
            count = math.ceil(cap.replicas / fit.replicas_per_instance)
            out.append(
                ServingChoice(
                    requirement=req, memory=memory, fit=fit, capacity=cap, instances=count
                )
            )
    return out


def reference_best(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> ServingChoice | None:
    return best_config(reference_configs(kb, req, instance_id))


def reference_fastest(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> ServingChoice | None:
    configs = reference_configs(kb, req, instance_id)
    return min(configs, key=lambda c: c.capacity.p95_latency_ms, default=None)


def reference_choose_serving(
    kb: KnowledgeBase, req: ServingRequirement, region: str, pricing: PricingModel
) -> ServingChoice | None:
    provider = kb.region(region).provider
    best: tuple[float, str, ServingChoice] | None = None
    for inst in kb.instances_for(provider=provider, kind="gpu", region=region):
        choice = reference_best(kb, req, inst.id)
        if choice is None:
            continue
        hourly = hourly_rate(kb, inst.id, region, pricing).usd_per_hour * choice.instances
        if best is None or (hourly, inst.id) < best[:2]:
            best = (hourly, inst.id, choice)
    return None if best is None else best[2]
