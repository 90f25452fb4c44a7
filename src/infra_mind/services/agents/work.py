"""The work measure of a recommended part: what there is to provision, build and close.

Items are read from the part's cost specs (the same specs it is priced from), so the effort
grows with what is actually deployed. The person-day figures are planning assumptions for
production-grade work (infrastructure as code, review, tests), stated here and in the facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from infra_mind.domain.compliance import ControlGap
from infra_mind.domain.costing import ComputeUsage, CostRequest
from infra_mind.domain.knowledge.base import KnowledgeBase

PERSON_DAYS: dict[str, float] = {
    "instance_pool": 3.0,
    "instance": 0.25,
    "model_server": 10.0,
    "managed_service": 3.0,
    "hosted_model": 5.0,
    "training_pipeline": 15.0,
    "control": 5.0,
    "data_base": 2.0,
    "data_per_tb": 0.25,
    "region": 10.0,
}
"""Planning assumptions, person-days: an instance pool in IaC with image, autoscaling and alarms
(3) plus a quota and capacity check per instance (0.25); a model server on GPUs: runtime, load test
at peak, latency tuning, canary (10); a managed service with network, IAM and monitoring (3); a
hosted-model integration: client, evaluation set, quotas, fallback (5); a training pipeline: data
preparation, job, registry gate, evaluation (15); one missing security control implemented with
evidence (5); a data load or replication: 2 plus 0.25 per TB for transfer and integrity checks;
an additional region: network, IAM, replication, failover runbook and drill (10)."""

WORK_FORMULA = (
    "person-days = 3 per instance pool + 0.25 per instance + 10 per GPU model server "
    "+ 3 per managed service + 5 per hosted-model integration + 15 per training pipeline "
    "+ 5 per missing security control + (2 + 0.25 × TB) per data load/replica "
    "+ 10 per additional region"
)


@dataclass(frozen=True)
class WorkItem:
    kind: str
    task: str
    person_days: float

    def as_fact(self) -> dict[str, Any]:
        return asdict(self)


def work_items(
    kb: KnowledgeBase, specs: Iterable[dict[str, Any]], primary_region: str | None
) -> list[WorkItem]:
    """Work items of a part's cost specs (infra, api and training)."""
    items: list[WorkItem] = []
    for spec in specs:
        if spec["kind"] == "infra":
            request = CostRequest.model_validate(spec["request"])
            items += infra_work(kb, request, primary_region)
        elif spec["kind"] == "api":
            items.append(
                WorkItem(
                    "hosted_model",
                    f"integrate {spec['hosted_model']} (client, evaluation set, quotas, fallback)",
                    PERSON_DAYS["hosted_model"],
                )
            )
        elif spec["kind"] == "training":
            items.append(
                WorkItem(
                    "training_pipeline",
                    f"{spec['training_kind']} pipeline for the {spec['params_b']:g}B model "
                    "(data preparation, job, registry gate, evaluation)",
                    PERSON_DAYS["training_pipeline"],
                )
            )
    return items


def infra_work(
    kb: KnowledgeBase, request: CostRequest, primary_region: str | None
) -> list[WorkItem]:
    """An extra region, instance pools (and model servers on GPUs), managed services, storage."""
    items: list[WorkItem] = []
    if primary_region is not None and request.region != primary_region:
        items.append(
            WorkItem(
                "region",
                f"stand up {request.region}: network, IAM, replication, failover runbook and drill",
                PERSON_DAYS["region"],
            )
        )
    for usage in request.compute:
        items += compute_work(kb, usage)
    items += [
        WorkItem(
            "managed_service",
            f"set up managed {s.category} in {request.region}",
            PERSON_DAYS["managed_service"],
        )
        for s in request.services
    ]
    if request.object_storage_gb > 0:
        items += storage_work(request.object_storage_gb / 1000, request.region)
    return items


def compute_work(kb: KnowledgeBase, usage: ComputeUsage) -> list[WorkItem]:
    pool = WorkItem(
        "instance_pool",
        f"provision {usage.count} × {usage.instance_id} ({usage.purpose})",
        PERSON_DAYS["instance_pool"] + PERSON_DAYS["instance"] * usage.count,
    )
    if kb.instance(usage.instance_id).kind != "gpu":
        return [pool]
    server = WorkItem(
        "model_server",
        f"deploy, load-test and tune the model server on {usage.instance_id}",
        PERSON_DAYS["model_server"],
    )
    return [pool, server]


def storage_work(tb: float, region: str) -> list[WorkItem]:
    return [
        WorkItem(
            "managed_service", f"set up object storage in {region}", PERSON_DAYS["managed_service"]
        ),
        WorkItem(
            "data",
            f"load or replicate {tb:g} TB into {region} with integrity checks",
            PERSON_DAYS["data_base"] + PERSON_DAYS["data_per_tb"] * tb,
        ),
    ]


def control_work(gaps: Sequence[ControlGap]) -> list[WorkItem]:
    """One item per distinct missing control, naming the gaps it closes."""
    closes: dict[str, list[str]] = {}
    for g in gaps:
        for control in g.missing_controls:
            closes.setdefault(control, []).append(f"{g.framework_id} {g.control_id}")
    return [
        WorkItem(
            "control",
            f"implement {control} with evidence (closes {', '.join(names)})",
            PERSON_DAYS["control"],
        )
        for control, names in sorted(closes.items())
    ]


def person_days(items: Iterable[WorkItem]) -> float:
    return sum(i.person_days for i in items)
