"""The serving search: the best (batch, tensor-parallel) configuration of a model on one instance
type, on plain numbers, pruned by monotone bounds and memoised per knowledge base.

``planning.serving_configs`` + ``planning.best_config`` state the rule on pydantic objects for
every configuration; this module applies the same rule (same arithmetic: ``memory_figures`` and
``capacity_figures``, same order, same tie-breaks) without building an object per candidate,
and skips the ranges the bounds below rule out. A property test checks it against a brute-force
reference on generated requirements."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from infra_mind.domain.capacity import capacity_figures
from infra_mind.domain.sizing import (
    default_kv_precision,
    estimate_inference_memory,
    memory_figures,
    min_tensor_parallel,
)

if TYPE_CHECKING:
    from infra_mind.domain.knowledge.base import KnowledgeBase
    from infra_mind.domain.planning import ServingRequirement

TRAINING_ACCELERATORS = frozenset({"trainium1-32gb"})
"""Accelerators AWS positions for training (Trn1); serving plans use its inference line (Inf2,
the same NeuronCore-v2 at a lower price per chip) or GPUs, so these are not planned for
serving."""

MEMO_SIZE = 8192
"""Entries per memo (one per requirement × instance type): a few hundred per assessment, so a
worker keeps the recent assessments' searches (precision fallbacks, what-ifs and the research
agent's per-GPU table reuse them) without growing without bound."""


def batch_sizes(max_batch: int) -> tuple[int, ...]:
    """1, 2, 4, … below ``max_batch``, then ``max_batch``: small batches shorten each decode step
    when latency binds, large ones raise tokens/s per replica when it does not."""
    sizes, b = [], 1
    while b < max_batch:
        sizes.append(b)
        b *= 2
    return (*sizes, max_batch)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One (batch, tensor-parallel) configuration's figures that the choice depends on."""

    batch: int
    tp: int
    replicas: int
    replicas_per_instance: int
    instances: int
    p95_ms: float
    meets_latency: bool | None

    @property
    def rank(self) -> tuple[int, int, int, float]:
        """``best_config``'s order: fewest instances, fewest busy GPUs, narrower replica, p95."""
        return (self.instances, self.replicas * self.tp, self.tp, self.p95_ms)


class _Identity:
    """A memo key naming a knowledge base by identity: it is immutable and held one per
    container, and hashing its content would cost more than the search it keys."""

    __slots__ = ("kb",)

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __hash__(self) -> int:
        return id(self.kb)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and other.kb is self.kb


def memoised_per_kb[R](
    fn: Callable[..., R],
) -> Callable[..., R]:
    """``fn(kb, *args)`` memoised on (the knowledge base's identity, args), LRU-bounded."""

    @lru_cache(maxsize=MEMO_SIZE)
    def cached(key: _Identity, *args: Hashable) -> R:
        return fn(key.kb, *args)

    def call(kb: KnowledgeBase, *args: Any) -> R:
        return cached(_Identity(kb), *args)

    call.__doc__ = fn.__doc__
    _MEMOS.append(cached.cache_clear)
    return call


_MEMOS: list[Callable[[], None]] = []


def clear_memos() -> None:
    """Forget every memoised search (benchmarks measure the cost of a first assessment)."""
    for clear in _MEMOS:
        clear()


def _candidates(
    kb: KnowledgeBase, req: ServingRequirement, gpu_id: str, gpu_count: int, *, prune: bool
) -> list[Candidate]:
    """Every configuration of ``planning.serving_configs`` on ``gpu_count`` × ``gpu_id``, in its
    order (batch ascending, then tensor-parallel degree ascending). With ``prune``, skips two
    ranges no meeting configuration can be in, both exact because the figures only grow with
    the batch:

    - replica memory grows with the batch, so once a batch fits no tensor-parallel degree of the
      instance, no larger batch does (the loop ends);
    - at a fixed degree the decode step, hence the p95, grows with the batch, so once a batch
      misses the latency target at a degree, every larger batch misses it there too.
    """
    model = kb.open_model(req.model_id)
    gpu = kb.gpu(gpu_id)
    if not 1 <= req.context_tokens <= model.context_length:
        estimate_inference_memory(model, req.precision, req.context_tokens, 1)  # raises
    kv_p = default_kv_precision(req.precision)
    missed_at: set[int] = set()
    out: list[Candidate] = []
    for batch in batch_sizes(req.batch_size):
        total = memory_figures(model, req.precision, req.context_tokens, batch, kv_p)[3]
        min_tp = min_tensor_parallel(total, gpu, gpu_count)
        if min_tp is None:
            if prune:
                break
            continue
        tp = min_tp
        while tp <= gpu_count:
            if not (prune and tp in missed_at):
                f = capacity_figures(
                    model, gpu, req.precision, tp, batch, req.traffic, req.headroom
                )
                per_instance = gpu_count // tp
                out.append(
                    Candidate(
                        batch=batch,
                        tp=tp,
                        replicas=f.replicas,
                        replicas_per_instance=per_instance,
                        instances=math.ceil(f.replicas / per_instance),
                        p95_ms=f.p95_ms,
                        meets_latency=f.meets_latency,
                    )
                )
                if f.meets_latency is False:
                    missed_at.add(tp)
            tp *= 2
    return out


def _accelerators(kb: KnowledgeBase, instance_id: str) -> tuple[str, int] | None:
    """(GPU model, count) of a serving instance type; the search depends on nothing else of it,
    so instance types with the same accelerators share one search."""
    inst = kb.instance(instance_id)
    if inst.gpu_model is None or inst.gpu_model in TRAINING_ACCELERATORS:
        return None
    return inst.gpu_model, inst.gpu_count


def best_candidate(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> Candidate | None:
    """``planning.best_config`` of ``instance_id``'s configurations (the first minimum of its
    order among those meeting the latency target), found on the pruned search."""
    kb.open_model(req.model_id)
    accelerators = _accelerators(kb, instance_id)
    return None if accelerators is None else _best_on(kb, req, *accelerators)


@memoised_per_kb
def _best_on(
    kb: KnowledgeBase, req: ServingRequirement, gpu_id: str, gpu_count: int
) -> Candidate | None:
    best: Candidate | None = None
    for c in _candidates(kb, req, gpu_id, gpu_count, prune=True):
        if c.meets_latency is not False and (best is None or c.rank < best.rank):
            best = c
    return best


def fastest_candidate(
    kb: KnowledgeBase, req: ServingRequirement, instance_id: str
) -> Candidate | None:
    """The configuration with the lowest p95 (the first in search order on a tie), whether or
    not it meets the target: shown when none does."""
    kb.open_model(req.model_id)
    accelerators = _accelerators(kb, instance_id)
    if accelerators is None:
        return None
    candidates = _candidates(kb, req, *accelerators, prune=False)
    return min(candidates, key=lambda c: c.p95_ms, default=None)
