"""Training and fine-tuning: FLOPs, GPU-hours at a stated MFU, wall-clock and cost per run/month."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.costing import PricingModel, hourly_rate
from infra_mind.domain.enums import Precision, TrainingKind
from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.sizing import GB, GPU_MEMORY_UTILIZATION

DEFAULT_MFU = 0.40
"""Model FLOPs utilisation; basis: Llama 3 (Dubey et al., 2024) reports 38-43 % BF16 MFU on
H100 clusters, PaLM (Chowdhery et al., 2022) 46 %."""

FLOPS_PER_PARAM_TOKEN = {
    TrainingKind.PRETRAINING: 6.0,
    TrainingKind.FULL_FINE_TUNING: 6.0,
    TrainingKind.LORA: 4.0,
}
"""6 = forward 2 + backward 4 (Kaplan et al., 2020). LoRA freezes the base weights, so the
backward pass skips weight gradients (≈2 of the 4); adapter parameters are negligible."""

TRAINING_BYTES_PER_PARAM = {
    TrainingKind.PRETRAINING: 16.0,
    TrainingKind.FULL_FINE_TUNING: 16.0,
    TrainingKind.LORA: 2.0,
}
"""Mixed-precision Adam keeps bf16 weights + grads (4 B) and fp32 master, m, v (12 B) per
parameter (ZeRO, Rajbhandari et al., 2020); LoRA keeps frozen bf16 weights. Activations excluded."""


class TrainingEstimate(BaseModel):
    model_config = ConfigDict(frozen=True)

    params_b: float
    dataset_tokens: int
    epochs: float
    kind: TrainingKind
    instance_id: str
    gpu_id: str
    num_gpus: int
    instances: int
    mfu: float
    total_flops: float
    gpu_hours: float
    wall_clock_hours: float
    usd_per_hour: float
    cost_per_run_usd: float
    runs_per_month: float
    monthly_cost_usd: float
    formulas: tuple[str, ...]
    assumptions: tuple[str, ...]
    catalog_refs: tuple[str, ...]


def training_flops(params_b: float, tokens: float, kind: TrainingKind) -> float:
    """FLOPs ≈ k × params × tokens, k = 6 (full) or 4 (LoRA)."""
    return FLOPS_PER_PARAM_TOKEN[kind] * params_b * 1e9 * tokens


def estimate_training(
    kb: KnowledgeBase,
    *,
    params_b: float,
    dataset_tokens: int,
    kind: TrainingKind,
    instance_id: str,
    region: str | None = None,
    num_gpus: int | None = None,
    runs_per_month: float = 1.0,
    epochs: float = 1.0,
    mfu: float = DEFAULT_MFU,
    precision: Precision = Precision.BF16,
    pricing_model: PricingModel = PricingModel.ON_DEMAND,
) -> TrainingEstimate:
    """gpu_hours = FLOPs / (dense TFLOPS × 1e12 × MFU × 3600); wall-clock = gpu_hours / GPUs
    (linear scaling at the stated MFU); GPUs rounded up to whole instances and to the minimum
    that holds the training state; cost/run = instances × hourly rate × wall-clock;
    monthly = cost/run × runs/month."""
    inst = kb.instance(instance_id)
    if inst.gpu_model is None:
        raise InvalidInput(
            [FieldError("instance_id", "training needs an accelerated instance", instance_id)]
        )
    if not 0 < mfu <= 1:
        raise InvalidInput([FieldError("mfu", "must be in (0, 1]", mfu)])
    gpu = kb.gpu(inst.gpu_model)
    state_gb = params_b * 1e9 * TRAINING_BYTES_PER_PARAM[kind] / GB
    min_gpus = math.ceil(state_gb / (gpu.memory_gb * GPU_MEMORY_UTILIZATION))
    gpus = max(num_gpus or inst.gpu_count, min_gpus)
    instances = math.ceil(gpus / inst.gpu_count)
    gpus = instances * inst.gpu_count
    tflops = (
        gpu.fp8_dense_tflops
        if precision == Precision.FP8 and gpu.fp8_dense_tflops
        else gpu.bf16_fp16_dense_tflops
    )
    flops = training_flops(params_b, dataset_tokens * epochs, kind)
    gpu_hours = flops / (tflops * 1e12 * mfu * 3600)
    wall = gpu_hours / gpus
    rate = hourly_rate(kb, instance_id, region or inst.reference_region, pricing_model)
    per_run = instances * rate.usd_per_hour * wall
    k = FLOPS_PER_PARAM_TOKEN[kind]
    return TrainingEstimate(
        params_b=params_b,
        dataset_tokens=dataset_tokens,
        epochs=epochs,
        kind=kind,
        instance_id=instance_id,
        gpu_id=gpu.id,
        num_gpus=gpus,
        instances=instances,
        mfu=mfu,
        total_flops=flops,
        gpu_hours=gpu_hours,
        wall_clock_hours=wall,
        usd_per_hour=rate.usd_per_hour,
        cost_per_run_usd=per_run,
        runs_per_month=runs_per_month,
        monthly_cost_usd=per_run * runs_per_month,
        formulas=(
            f"FLOPs = {k:g} × {params_b}e9 × {dataset_tokens:g} × {epochs:g} epochs = {flops:.3e}",
            f"GPU-hours = FLOPs / ({tflops} TFLOPS × {mfu} MFU × 3600) = {gpu_hours:.1f}",
            f"wall-clock = {gpu_hours:.1f} / {gpus} GPUs = {wall:.2f} h",
            f"cost/run = {instances} × {rate.usd_per_hour:.4f} USD/h × {wall:.2f} h"
            f" = {per_run:.2f}",
        ),
        assumptions=(
            f"MFU {mfu:.0%}",
            "linear scaling across GPUs",
            f"training state {TRAINING_BYTES_PER_PARAM[kind]:g} B/param → at least {min_gpus} GPUs",
            f"hourly rate: {rate.formula}",
        ),
        catalog_refs=(*rate.catalog_refs, f"gpu:{gpu.id}"),
    )
