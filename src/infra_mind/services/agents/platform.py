"""The platform around the models: application tier, zones and managed services to price."""

from __future__ import annotations

import math

from infra_mind.domain.costing import HOURS_PER_MONTH, ComputeUsage, ServiceUsage, eligible_services
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import EligibilityFlag, Provider, ServiceCategory

RPS_PER_APP_VCPU = 50.0
"""Planning assumption: an API tier request costs ~20 ms of CPU (orchestration, auth, I/O), so one
vCPU handles ~50 requests/s at peak."""

LOG_KB_PER_REQUEST = 2.0
"""Planning assumption: ~2 KB of structured request/audit log per request."""

MIN_LOG_GB = 10.0
"""Floor for monitoring ingestion (platform and audit logs exist even with no AI traffic)."""

RAG_USE_CASES = frozenset({"rag", "search", "chatbot"})


def zones_for(availability_pct: float) -> int:
    """3 zones from 99.95 %, 2 from 99.9 %, else 1: one zone's outage must not breach the
    target."""
    return 3 if availability_pct >= 99.95 else 2 if availability_pct >= 99.9 else 1


def log_gb(avg_rps: float) -> float:
    """max(MIN_LOG_GB, average requests/s × 730 h × 3600 s × LOG_KB_PER_REQUEST / 10⁶)."""
    return max(MIN_LOG_GB, avg_rps * HOURS_PER_MONTH * 3600 * LOG_KB_PER_REQUEST / 1e6)


def app_tier(
    kb: KnowledgeBase, provider: Provider, peak_rps: float, availability: float
) -> tuple[ComputeUsage, ...]:
    """nodes = max(zones for the availability target, ceil(peak_rps / RPS_PER_APP_VCPU / vCPUs));
    instance = the provider's cheapest general-purpose CPU type with ≥ 4 vCPUs."""
    cpus = [i for i in kb.instances_for(provider=provider, kind="cpu") if i.vcpus >= 4]
    inst = min(cpus, key=lambda i: (i.on_demand_usd_per_hour, i.id))
    nodes = max(zones_for(availability), math.ceil(peak_rps / RPS_PER_APP_VCPU / inst.vcpus))
    return (ComputeUsage(instance_id=inst.id, count=nodes, purpose="application tier"),)


def service_quantity(unit: str, instances: int, log_gb: float) -> float | None:
    """Quantity in the catalog unit: hourly units × 730 h × instances, monthly units × instances,
    ingestion units × log GB; other units are not priced (said so by the caller)."""
    u = unit.lower()
    if "ingested" in u:
        return log_gb
    if u.endswith("-hour"):
        return HOURS_PER_MONTH * instances * (2 if u.startswith("vcpu") else 1)
    if u.endswith("-month"):
        return float(instances)
    return None


def service_needs(data: AssessmentInput) -> dict[ServiceCategory, int]:
    """Managed services per category and how many instances (2 for HA from 99.9 %)."""
    t = data.technical
    ha = 2 if t.availability_target_pct >= 99.9 else 1
    needs: dict[ServiceCategory, int] = {
        "kubernetes": 1,
        "relational_db": ha,
        "monitoring": 1,
        "waf_ddos": 1,
    }
    if any(w.use_case.value in RAG_USE_CASES for w in t.ai_workloads):
        needs["vector_search"] = ha
    return needs


def platform_services(
    kb: KnowledgeBase,
    provider: Provider,
    flags: frozenset[EligibilityFlag],
    needs: dict[ServiceCategory, int],
    log_gb: float,
) -> tuple[tuple[ServiceUsage, ...], tuple[str, ...]]:
    """Usage of the cheapest eligible service per needed category; notes for what is not priced."""
    usages, notes = [], []
    for category, count in needs.items():
        ids, _ = eligible_services(kb, provider, category, flags)
        if not ids:
            notes.append(f"no {category} service on {provider} meets {sorted(flags)}")
            continue
        unit = kb.service(ids[0]).price_unit
        qty = service_quantity(unit, count, log_gb)
        if qty is None or qty <= 0:
            notes.append(f"{ids[0]} is priced per {unit}; not estimated")
            continue
        usages.append(ServiceUsage(category=category, quantity=qty))
    return tuple(usages), tuple(notes)
