"""Inference memory sizing: weights + KV cache + overhead → GPUs per replica, instances that fit."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.enums import Precision
from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.knowledge.models import GpuSpec, InstanceType, OpenModel, Provider

GB = 1e9
"""Catalog GPU memory is read as 10^9 bytes ('80 GB' HBM is really 80 GiB): conservative."""

GPU_MEMORY_UTILIZATION = 0.90
"""Share of GPU memory a serving engine may use; basis: vLLM's default ``gpu_memory_utilization``
(the rest holds the CUDA context, NCCL buffers and other processes)."""

ACTIVATION_OVERHEAD_FRACTION = 0.05
"""Activations, sampler and scratch buffers as a share of weights + KV cache (rule of thumb for
serving batch sizes; prefill of very long prompts can need more)."""

_KV_16BIT = (Precision.BF16, Precision.FP16)


class InferenceMemory(BaseModel):
    """Memory one model replica needs, with the inputs and formula that produced it."""

    model_config = ConfigDict(frozen=True)

    model_id: str
    precision: Precision
    kv_precision: Precision
    context_tokens: int
    batch_size: int
    weights_gb: float
    kv_cache_gb: float
    overhead_gb: float
    total_gb: float
    formula: str
    assumptions: tuple[str, ...]
    catalog_refs: tuple[str, ...]


class InstanceFit(BaseModel):
    """An instance type that holds at least one replica, and what one replica costs per hour."""

    model_config = ConfigDict(frozen=True)

    instance_id: str
    provider: Provider
    gpu_id: str
    gpu_count: int
    gpus_per_replica: int
    replicas_per_instance: int
    required_gb: float
    usable_gb_per_replica: float
    on_demand_usd_per_hour: float
    usd_per_replica_hour: float
    catalog_refs: tuple[str, ...]


def weights_gb(params_b: float, precision: Precision) -> float:
    """weights_gb = params_b × bytes_per_param (fp32 4, bf16/fp16 2, fp8/int8 1, int4 0.5)."""
    return params_b * precision.bytes_per_param


def kv_cache_gb(
    model: OpenModel, context_tokens: int, batch_size: int, kv_precision: Precision
) -> float:
    """kv_gb = 2 (K and V) × layers × kv_heads × head_dim × bytes × context × batch / 1e9."""
    per_token = 2 * model.layers * model.kv_heads * model.head_dim * kv_precision.bytes_per_param
    return per_token * context_tokens * batch_size / GB


def default_kv_precision(precision: Precision) -> Precision:
    """KV cache stays 16-bit for quantised weights unless asked otherwise; fp32 models keep fp32."""
    if precision == Precision.FP32 or precision in _KV_16BIT:
        return precision
    return Precision.BF16


def memory_figures(
    model: OpenModel,
    precision: Precision,
    context_tokens: int,
    batch_size: int,
    kv_precision: Precision,
) -> tuple[float, float, float, float]:
    """(weights, kv_cache, overhead, total) GB without validation or explanation: the serving
    search evaluates this for every candidate batch, ``estimate_inference_memory`` explains it
    for the chosen one (both use this arithmetic, so their figures are identical)."""
    w = weights_gb(model.params_b, precision)
    kv = kv_cache_gb(model, context_tokens, batch_size, kv_precision)
    overhead = ACTIVATION_OVERHEAD_FRACTION * (w + kv)
    return w, kv, overhead, w + kv + overhead


def estimate_inference_memory(
    model: OpenModel,
    precision: Precision,
    context_tokens: int,
    batch_size: int,
    kv_precision: Precision | None = None,
) -> InferenceMemory:
    """Memory for one replica serving ``batch_size`` sequences of ``context_tokens`` each.

    total = weights + kv_cache + ACTIVATION_OVERHEAD_FRACTION × (weights + kv_cache).
    """
    errors = []
    if not 1 <= context_tokens <= model.context_length:
        errors.append(
            FieldError("context_tokens", f"must be 1..{model.context_length}", context_tokens)
        )
    if batch_size < 1:
        errors.append(FieldError("batch_size", "must be at least 1", batch_size))
    if errors:
        raise InvalidInput(errors, source=f"inference sizing of {model.id}")
    kv_p = kv_precision or default_kv_precision(precision)
    w, kv, overhead, total = memory_figures(model, precision, context_tokens, batch_size, kv_p)
    return InferenceMemory(
        model_id=model.id,
        precision=precision,
        kv_precision=kv_p,
        context_tokens=context_tokens,
        batch_size=batch_size,
        weights_gb=w,
        kv_cache_gb=kv,
        overhead_gb=overhead,
        total_gb=total,
        formula=(
            f"weights {model.params_b}B × {precision.bytes_per_param} B = {w:.2f} GB; "
            f"KV 2 × {model.layers} layers × {model.kv_heads} kv_heads × {model.head_dim} head_dim"
            f" × {kv_p.bytes_per_param} B × {context_tokens} ctx × {batch_size} batch"
            f" = {kv:.2f} GB;"
            f" overhead {ACTIVATION_OVERHEAD_FRACTION:.0%} = {overhead:.2f} GB"
        ),
        assumptions=(
            f"activation/scratch overhead {ACTIVATION_OVERHEAD_FRACTION:.0%} of weights + KV",
            f"KV cache in {kv_p.value}",
            "every sequence may reach the full context (worst case, no prefix sharing)",
        ),
        catalog_refs=(ref("open_model", model.id),),
    )


def usable_gb(gpu: GpuSpec, gpus: int) -> float:
    """usable = gpus × memory_gb × GPU_MEMORY_UTILIZATION."""
    return gpus * gpu.memory_gb * GPU_MEMORY_UTILIZATION


def gpus_per_replica(memory: InferenceMemory, gpu: GpuSpec, max_gpus: int) -> int | None:
    """Smallest tensor-parallel degree (1, 2, 4, 8, … ≤ max_gpus) whose usable memory holds the
    replica; ``None`` if even ``max_gpus`` rounded down to a power of two is not enough."""
    return min_tensor_parallel(memory.total_gb, gpu, max_gpus)


def min_tensor_parallel(total_gb: float, gpu: GpuSpec, max_gpus: int) -> int | None:
    """``gpus_per_replica`` for a replica of ``total_gb``."""
    tp = 1
    while tp <= max_gpus:
        if usable_gb(gpu, tp) >= total_gb:
            return tp
        tp *= 2
    return None


def fit_on_instance(
    kb: KnowledgeBase, inst: InstanceType, memory: InferenceMemory, tp: int
) -> InstanceFit:
    """``inst`` split into ``gpu_count // tp`` replicas of ``tp`` GPUs each."""
    assert inst.gpu_model is not None
    gpu = kb.gpu(inst.gpu_model)
    replicas = inst.gpu_count // tp
    return InstanceFit(
        instance_id=inst.id,
        provider=inst.provider,
        gpu_id=gpu.id,
        gpu_count=inst.gpu_count,
        gpus_per_replica=tp,
        replicas_per_instance=replicas,
        required_gb=memory.total_gb,
        usable_gb_per_replica=usable_gb(gpu, tp),
        on_demand_usd_per_hour=inst.on_demand_usd_per_hour,
        usd_per_replica_hour=inst.on_demand_usd_per_hour / replicas,
        catalog_refs=(ref("instance", inst.id), ref("gpu", gpu.id), *memory.catalog_refs),
    )


def fitting_instances(
    kb: KnowledgeBase,
    memory: InferenceMemory,
    *,
    provider: Provider | None = None,
    regions: Collection[str] | None = None,
) -> list[InstanceFit]:
    """Accelerated instance types (optionally of one provider, offered in any of ``regions``)
    that hold at least one replica at the smallest tensor-parallel degree, cheapest on-demand
    USD per replica-hour first."""
    fits: list[InstanceFit] = []
    for inst in kb.instances_for(provider=provider, kind="gpu"):
        if inst.gpu_model is None:
            continue
        if regions is not None and not set(inst.regions) & set(regions):
            continue
        tp = gpus_per_replica(memory, kb.gpu(inst.gpu_model), inst.gpu_count)
        if tp is None:
            continue
        fits.append(fit_on_instance(kb, inst, memory, tp))
    return sorted(fits, key=lambda f: (f.usd_per_replica_hour, f.instance_id))
