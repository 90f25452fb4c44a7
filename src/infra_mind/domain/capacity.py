"""Inference capacity: decode throughput from memory bandwidth, replicas for peak, p95 latency."""

from __future__ import annotations

import math
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.enums import Precision
from infra_mind.domain.knowledge.base import ref
from infra_mind.domain.knowledge.models import GpuSpec, OpenModel
from infra_mind.domain.sizing import GB, default_kv_precision

DECODE_BANDWIDTH_EFFICIENCY = 0.60
"""Achieved share of peak memory bandwidth while decoding (model bandwidth utilisation); basis:
Databricks 'LLM Inference Performance Engineering: Best Practices' (2023) measured ~60 % MBU for
optimised engines on A100/H100."""

COMPUTE_EFFICIENCY = 0.50
"""Achieved share of dense tensor peak for prefill and compute-bound decode (typical 40-60 % MFU
for batched transformer matmuls)."""

TENSOR_PARALLEL_EFFICIENCY = 0.90
"""Scaling efficiency kept per doubling of the tensor-parallel degree: the per-layer all-reduce
costs ~10 % at tp 2 and its share grows as each shard's matmuls shrink, so tp 2 keeps 90 %,
tp 4 81 %, tp 8 73 % (``tensor_parallel_efficiency``)."""

P95_TO_MEAN_LATENCY = 1.3
"""p95 / mean request latency when replicas run at ≤ 1/(1+headroom) utilisation; an assumption
covering queueing and output-length variance, not a measurement."""

DEFAULT_HEADROOM = 0.30
"""Spare capacity above peak: absorbs bursts, node loss and rolling deploys."""


class TrafficProfile(BaseModel):
    """Peak load and request shape the deployment must serve."""

    model_config = ConfigDict(frozen=True)

    peak_requests_per_s: float = Field(ge=0)
    input_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=1)
    p95_latency_target_ms: float | None = Field(default=None, gt=0)


class CapacityPlan(BaseModel):
    """Throughput of one replica, replicas needed for peak, and the latency check."""

    model_config = ConfigDict(frozen=True)

    model_id: str
    gpu_id: str
    precision: Precision
    gpus_per_replica: int
    batch_size: int
    traffic: TrafficProfile
    headroom: float
    decode_step_ms: float
    bound: str
    tokens_per_s_per_replica: float
    required_tokens_per_s: float
    replicas: int
    prefill_ms: float
    p95_latency_ms: float
    meets_latency: bool | None
    formulas: tuple[str, ...]
    assumptions: tuple[str, ...]
    catalog_refs: tuple[str, ...]


def tensor_parallel_efficiency(tp: int) -> float:
    """TENSOR_PARALLEL_EFFICIENCY ** log2(tp): 1 at tp 1, 0.9 at 2, 0.81 at 4, 0.729 at 8."""
    return float(TENSOR_PARALLEL_EFFICIENCY ** math.log2(tp))


def _tflops(gpu: GpuSpec, precision: Precision) -> float:
    if precision == Precision.FP8 and gpu.fp8_dense_tflops is not None:
        return gpu.fp8_dense_tflops
    return gpu.bf16_fp16_dense_tflops


class CapacityFigures(NamedTuple):
    """The numbers of one (batch, tensor-parallel) configuration, without the explanation: the
    serving search evaluates every candidate with these and ``plan_capacity`` explains the
    chosen one from the same figures."""

    tp_eff: float
    bandwidth: float
    compute: float
    active: float
    step_bytes: float
    prefill_per_decode: float
    bound: str
    step_s: float
    tokens_per_s: float
    required: float
    replicas: int
    prefill_s: float
    p95_ms: float
    meets_latency: bool | None


def capacity_figures(
    model: OpenModel,
    gpu: GpuSpec,
    precision: Precision,
    tp: int,
    batch_size: int,
    traffic: TrafficProfile,
    headroom: float = DEFAULT_HEADROOM,
) -> CapacityFigures:
    """The formulas of ``plan_capacity`` (documented there)."""
    tp_eff = tensor_parallel_efficiency(tp)
    bandwidth = gpu.memory_bandwidth_gbps * GB * tp * tp_eff * DECODE_BANDWIDTH_EFFICIENCY
    compute = _tflops(gpu, precision) * 1e12 * tp * tp_eff * COMPUTE_EFFICIENCY
    active = model.params_per_token_b * 1e9
    read_params = min(model.params_b * 1e9, active * batch_size)
    weights_bytes = read_params * precision.bytes_per_param
    kv_bytes = default_kv_precision(precision).bytes_per_param
    kv_per_token = 2 * model.layers * model.kv_heads * model.head_dim * kv_bytes
    avg_context = traffic.input_tokens + traffic.output_tokens / 2
    step_bytes = weights_bytes + batch_size * kv_per_token * avg_context
    memory_s = step_bytes / bandwidth
    prefill_per_decode = traffic.input_tokens / traffic.output_tokens
    step_flops = 2 * active * batch_size * (1 + prefill_per_decode)
    compute_s = step_flops / compute
    step_s = max(memory_s, compute_s)
    throughput = batch_size / step_s
    required = traffic.peak_requests_per_s * traffic.output_tokens
    replicas = max(1, math.ceil(required * (1 + headroom) / throughput))
    prefill_s = 2 * active * traffic.input_tokens / compute
    p95_ms = (prefill_s + traffic.output_tokens * step_s) * P95_TO_MEAN_LATENCY * 1000
    target = traffic.p95_latency_target_ms
    return CapacityFigures(
        tp_eff=tp_eff,
        bandwidth=bandwidth,
        compute=compute,
        active=active,
        step_bytes=step_bytes,
        prefill_per_decode=prefill_per_decode,
        bound="memory" if memory_s >= compute_s else "compute",
        step_s=step_s,
        tokens_per_s=throughput,
        required=required,
        replicas=replicas,
        prefill_s=prefill_s,
        p95_ms=p95_ms,
        meets_latency=None if target is None else p95_ms <= target,
    )


def plan_capacity(
    model: OpenModel,
    gpu: GpuSpec,
    precision: Precision,
    gpus_per_replica: int,
    batch_size: int,
    traffic: TrafficProfile,
    headroom: float = DEFAULT_HEADROOM,
) -> CapacityPlan:
    """One continuous-batching step reads the weights once for the whole batch plus each
    sequence's KV cache, and computes the batch's next tokens together with the prompt tokens
    of the requests admitted meanwhile (chunked prefill: at steady state batch / output requests
    finish per step and as many start, each bringing ``input`` prompt tokens).

    - bandwidth = gpu_bw × tp × tp_eff × DECODE_BANDWIDTH_EFFICIENCY, tp_eff = 0.9^log2(tp)
    - bytes/step = weights_read + batch × kv_bytes_per_token × (input + output/2); for MoE
      weights_read = min(total, active × batch) × bytes (more experts are touched as batch grows)
    - flops/step = 2 × active_params × batch × (1 + input / output)  (decode + folded prefill)
    - step_s = max(bytes/step / bandwidth, flops/step / compute)
    - tokens/s per replica = batch / step_s (larger batches amortise the weight read)
    - replicas = ceil(peak_rps × output_tokens × (1 + headroom) / tokens_per_s), at least 1
    - prefill_s = 2 × active_params × input_tokens / compute  (the request's own prompt)
    - p95 = (prefill + output_tokens × step) × P95_TO_MEAN_LATENCY
    where compute = dense TFLOPS (FP8 if used and supported) × tp × COMPUTE_EFFICIENCY.
    Latency is judged at the full ``batch``: the engine's batch cap, reached when a burst uses
    up the headroom, so the p95 holds at the sized peak (at lower load it is only better).
    """
    f = capacity_figures(model, gpu, precision, gpus_per_replica, batch_size, traffic, headroom)
    tp, tp_eff, step_s, throughput = gpus_per_replica, f.tp_eff, f.step_s, f.tokens_per_s
    required, replicas, prefill_s, p95_ms = f.required, f.replicas, f.prefill_s, f.p95_ms
    bandwidth, compute, active = f.bandwidth, f.compute, f.active
    step_bytes, prefill_per_decode = f.step_bytes, f.prefill_per_decode
    return CapacityPlan(
        model_id=model.id,
        gpu_id=gpu.id,
        precision=precision,
        gpus_per_replica=tp,
        batch_size=batch_size,
        traffic=traffic,
        headroom=headroom,
        decode_step_ms=step_s * 1000,
        bound=f.bound,
        tokens_per_s_per_replica=throughput,
        required_tokens_per_s=required,
        replicas=replicas,
        prefill_ms=prefill_s * 1000,
        p95_latency_ms=p95_ms,
        meets_latency=f.meets_latency,
        formulas=(
            f"step = max({step_bytes / GB:.2f} GB / {bandwidth / GB:.0f} GB/s, "
            f"2 × {active / 1e9:.2f}B × {batch_size} × (1 + {prefill_per_decode:.2f} prefill"
            f"/decode) / {compute / 1e12:.0f} TFLOPS) = {step_s * 1000:.2f} ms",
            f"tokens/s per replica = {batch_size} / step = {throughput:.1f}",
            f"replicas = ceil({required:.1f} tok/s × {1 + headroom:.2f} / {throughput:.1f})"
            f" = {replicas}",
            f"p95 = ({prefill_s * 1000:.1f} ms prefill + {traffic.output_tokens} × "
            f"{step_s * 1000:.2f} ms) × {P95_TO_MEAN_LATENCY} = {p95_ms:.0f} ms",
        ),
        assumptions=(
            f"decode bandwidth efficiency {DECODE_BANDWIDTH_EFFICIENCY:.0%}",
            f"compute efficiency {COMPUTE_EFFICIENCY:.0%}",
            f"tensor-parallel efficiency {TENSOR_PARALLEL_EFFICIENCY:.0%} per doubling of tp"
            f" ({tp_eff:.0%} at tp {tp})",
            f"p95/mean latency {P95_TO_MEAN_LATENCY}",
            f"headroom {headroom:.0%} above peak",
            "continuous batching keeps the batch full at peak",
            "chunked prefill: prompt tokens share decode steps (their compute is in every step)",
        ),
        catalog_refs=(ref("open_model", model.id), ref("gpu", gpu.id)),
    )
