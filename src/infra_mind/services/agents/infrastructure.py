"""Infrastructure: architecture, GPU serving capacity, scaling and DR for the availability target."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.enums import Priority
from infra_mind.domain.results import AgentOutput, DraftRecommendation
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import (
    analysis_of,
    catalog_source,
    draft,
    formula,
    output,
)
from infra_mind.services.agents.costs import component_specs
from infra_mind.services.agents.resilience import standby_region

INSTRUCTIONS = "Explain the target architecture, capacity plan, scaling and disaster recovery for an infrastructure lead."


class InfrastructureAgent:
    name = "infrastructure"

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        t = ctx.input.technical
        plan = a.chosen
        specs = component_specs(kb, a)
        capacity: list[dict[str, Any]] = []
        sources = [formula("plan_capacity", "domain.capacity.plan_capacity")]
        drafts: list[DraftRecommendation] = []
        if plan is not None:
            for c in plan.option.serving:
                served = next(s for s in a.served if s.model.id == c.requirement.model_id)
                capacity.append(
                    {
                        "workload": served.workload,
                        "model": served.model.name,
                        "precision": served.precision.value,
                        "precision_provided": not served.precision_assumed,
                        "instance": c.fit.instance_id,
                        "instances": c.instances,
                        "gpus_per_replica": c.fit.gpus_per_replica,
                        "replicas": c.capacity.replicas,
                        "tokens_per_s_per_replica": c.capacity.tokens_per_s_per_replica,
                        "p95_latency_ms": c.capacity.p95_latency_ms,
                        "p95_target_ms": c.requirement.traffic.p95_latency_target_ms,
                        "memory_gb_per_replica": c.memory.total_gb,
                        "formulas": list(c.capacity.formulas),
                    }
                )
                sources += [catalog_source(kb, r) for r in c.fit.catalog_refs]
                key = f"serving:{served.workload}"
                drafts.append(
                    draft(
                        kb,
                        a,
                        key=key,
                        category="model_serving",
                        specs=specs[key],
                        title=f"Serve {served.workload} on {c.instances} × {c.fit.instance_id} ({plan.option.region})",
                        summary=f"{c.capacity.replicas} replicas of {served.model.name} in {served.precision.value}, "
                        f"p95 {c.capacity.p95_latency_ms:.0f} ms, {c.fit.on_demand_usd_per_hour} USD/h per instance",
                        rationale=f"cheapest instance that fits {c.memory.total_gb:.1f} GB per replica and meets the latency target",
                        impact=0.9,
                        risk=0.3,
                        urgency=ctx.input.business.urgency,
                        effort_weeks=4,
                    )
                )
        standby = standby_region(kb, a)
        zones = (
            3
            if t.availability_target_pct >= 99.95
            else 2
            if t.availability_target_pct >= 99.9
            else 1
        )
        downtime = (100 - t.availability_target_pct) / 100 * 730 * 60
        if "dr:standby" in specs and plan is not None:
            drafts.append(
                draft(
                    kb,
                    a,
                    key="dr:standby",
                    category="resilience",
                    specs=specs["dr:standby"],
                    optional=True,
                    title=f"Warm standby in {standby} for the {t.availability_target_pct:g} % target",
                    summary="half the primary serving and app capacity kept warm in a second allowed region",
                    rationale=f"{downtime:.1f} min/month of allowed downtime is less than a regional outage recovery from scratch",
                    impact=0.6,
                    risk=0.2,
                    urgency=Priority.MEDIUM,
                    effort_weeks=3,
                )
            )
        if "platform" in specs and plan is not None:
            tier = plan.app_tier[0]
            drafts.append(
                draft(
                    kb,
                    a,
                    key="platform",
                    category="platform",
                    specs=specs["platform"],
                    title=f"Managed Kubernetes platform with {tier.count} × {tier.instance_id} app nodes ({plan.option.region})",
                    summary="cluster, application tier across zones, managed relational database"
                    + (
                        " and vector search"
                        if any(s.category == "vector_search" for s in plan.services)
                        else ""
                    ),
                    rationale=f"{zones} zone(s) for {t.availability_target_pct:g} %; nodes = max(zones, ceil(peak {a.peak_rps:g} rps / 50 rps per vCPU / vCPUs))",
                    impact=0.8,
                    risk=0.25,
                    urgency=ctx.input.business.urgency,
                    effort_weeks=3,
                )
            )
        facts = {
            "provider": plan.provider if plan else None,
            "region": plan.option.region if plan else None,
            "architecture": [
                "load balancer + WAF",
                "managed Kubernetes app tier",
                "model serving pool",
                "managed database",
                "object storage",
            ],
            "capacity": capacity,
            "availability_target_pct": t.availability_target_pct,
            "allowed_downtime_min_per_month": downtime,
            "zones": zones,
            "dr_standby_region": standby,
            "scaling": "horizontal pod/instance autoscaling on tokens/s per replica; scale-out threshold 1/(1+30 % headroom) of capacity",
            "notes": list(a.notes),
            "formulas": {"allowed_downtime": "(100 − target) / 100 × 730 h × 60"},
        }
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
