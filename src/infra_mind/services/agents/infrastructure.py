"""Infrastructure: architecture, GPU serving capacity, scaling and DR for the availability goal."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.enums import Priority
from infra_mind.domain.fact_rows import CapacityRow
from infra_mind.domain.facts import InfrastructureFacts
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.planning import ServingChoice
from infra_mind.domain.results import AgentOutput, DraftRecommendation, SourceRef
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.assumptions import serving_assumptions
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, catalog_source, draft, formula, output
from infra_mind.services.agents.model_choice import ServedModel
from infra_mind.services.agents.part import Part
from infra_mind.services.agents.platform import RPS_PER_APP_VCPU, zones_for
from infra_mind.services.agents.provider_plan import Site
from infra_mind.services.agents.resilience import dr_facts, standby_decision

INSTRUCTIONS = (
    "Explain the target architecture, capacity plan, scaling and disaster recovery for an "
    "infrastructure lead."
)
ARCHITECTURE = (
    "load balancer + WAF",
    "managed Kubernetes app tier",
    "model serving pool",
    "managed database",
    "object storage",
)
SCALING = (
    "horizontal pod/instance autoscaling on tokens/s per replica; "
    "scale-out threshold 1/(1+30 % headroom) of capacity"
)
DOWNTIME_FORMULA = "(100 − target) / 100 × 730 h × 60"


def allowed_downtime_min(availability_pct: float) -> float:
    return (100 - availability_pct) / 100 * 730 * 60


def served_for(a: Analysis, c: ServingChoice) -> ServedModel:
    return next(s for s in a.served if s.model.id == c.requirement.model_id)


def capacity_row(s: ServedModel, c: ServingChoice, site: Site) -> CapacityRow:
    return CapacityRow(
        workload=s.workload,
        region=site.region,
        jurisdiction=site.jurisdiction,
        traffic_share=site.share,
        peak_requests_per_s=c.requirement.traffic.peak_requests_per_s,
        batch_size=c.capacity.batch_size,
        model=s.model.name,
        precision=s.precision.value,
        precision_provided=not s.precision_assumed,
        instance=c.fit.instance_id,
        instances=c.instances,
        gpus_per_replica=c.fit.gpus_per_replica,
        replicas=c.capacity.replicas,
        tokens_per_s_per_replica=c.capacity.tokens_per_s_per_replica,
        p95_latency_ms=c.capacity.p95_latency_ms,
        p95_target_ms=c.requirement.traffic.p95_latency_target_ms,
        memory_gb_per_replica=c.memory.total_gb,
        formulas=list(c.capacity.formulas),
    )


def serving_draft(
    ctx: AgentContext,
    a: Analysis,
    s: ServedModel,
    placed: list[tuple[Site, ServingChoice]],
    part: Part,
) -> DraftRecommendation:
    where = " + ".join(f"{c.instances} × {c.fit.instance_id} ({site.region})" for site, c in placed)
    c = placed[0][1]
    per_site = " per site" if len(placed) > 1 else ""
    return draft(
        ctx.knowledge,
        a,
        key=f"serving:{s.workload}",
        category="model_serving",
        part=part,
        title=f"Serve {s.workload} on {where}",
        summary=(
            f"{c.capacity.replicas} replicas{per_site} of {s.model.name} in {s.precision.value} "
            f"(batch {c.capacity.batch_size}, {c.fit.gpus_per_replica} GPU(s) per replica), "
            f"p95 {c.capacity.p95_latency_ms:.0f} ms, "
            f"{c.fit.on_demand_usd_per_hour} USD/h per instance"
        ),
        rationale=(
            f"cheapest instance and batch/tensor-parallel configuration that fits "
            f"{c.memory.total_gb:.1f} GB per replica and meets the latency target"
        ),
        impact=0.9,
        risk=0.3,
        urgency=ctx.input.business.urgency,
        assumptions=serving_assumptions(a, s),
    )


def standby_draft(kb: KnowledgeBase, a: Analysis, part: Part) -> DraftRecommendation:
    target = a.input.technical.availability_target_pct
    decision = standby_decision(kb, a)
    return draft(
        kb,
        a,
        key="dr:standby",
        category="resilience",
        part=part,
        title=f"Warm standby in {decision.region} for the {target:g} % target",
        summary=("half the primary serving and app capacity kept warm in a second allowed region"),
        rationale=(
            f"{allowed_downtime_min(target):.1f} min/month of allowed downtime is less than a "
            f"regional outage recovery from scratch; {decision.reason}"
        ),
        impact=0.6,
        risk=0.2,
        urgency=Priority.MEDIUM,
    )


def platform_draft(ctx: AgentContext, a: Analysis, part: Part) -> DraftRecommendation:
    assert a.chosen is not None
    plan, target = a.chosen, ctx.input.technical.availability_target_pct
    vector = any(s.category == "vector_search" for s in plan.services)
    nodes = " + ".join(
        f"{s.app_tier[0].count} × {s.app_tier[0].instance_id} ({s.region})" for s in plan.sites
    )
    return draft(
        ctx.knowledge,
        a,
        key="platform",
        category="platform",
        part=part,
        title=f"Managed Kubernetes platform with {nodes} app nodes",
        summary="cluster, application tier across zones, managed relational database"
        + (" and vector search" if vector else ""),
        rationale=(
            f"{zones_for(target)} zone(s) for {target:g} %; nodes = max(zones, ceil(peak "
            f"{a.peak_rps:g} rps × site share / {RPS_PER_APP_VCPU:g} rps per vCPU / vCPUs))"
        ),
        impact=0.8,
        risk=0.25,
        urgency=ctx.input.business.urgency,
    )


class InfrastructureAgent:
    name = AgentRole.INFRASTRUCTURE.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        target = ctx.input.technical.availability_target_pct
        plan = a.chosen
        capacity: list[CapacityRow] = []
        sources: list[SourceRef] = [formula("plan_capacity", "domain.capacity.plan_capacity")]
        drafts: list[DraftRecommendation] = []
        placed: dict[str, list[tuple[Site, ServingChoice]]] = {}
        for site in plan.sites if plan else ():
            for c in site.option.serving:
                served = served_for(a, c)
                capacity.append(capacity_row(served, c, site))
                sources += [catalog_source(kb, r) for r in c.fit.catalog_refs]
                placed.setdefault(served.workload, []).append((site, c))
        for workload, where in placed.items():
            served = served_for(a, where[0][1])
            serving = a.part(f"serving:{workload}")
            if serving is not None:
                drafts.append(serving_draft(ctx, a, served, where, serving))
        standby = a.part("dr:standby")
        if standby is not None:
            drafts.append(standby_draft(kb, a, standby))
        platform = a.part("platform")
        if platform is not None and plan is not None:
            drafts.append(platform_draft(ctx, a, platform))
        dr = dr_facts(kb, a)
        facts = InfrastructureFacts(
            provider=plan.provider if plan else None,
            region=plan.option.region if plan else None,
            regions=list(plan.regions) if plan else [],
            distribution=a.distribution,
            architecture=list(ARCHITECTURE),
            capacity=capacity,
            availability_target_pct=target,
            allowed_downtime_min_per_month=allowed_downtime_min(target),
            zones=zones_for(target),
            dr_standby_region=dr.standby_region,
            dr=dr,
            scaling=SCALING,
            notes=list(a.notes),
            formulas={"allowed_downtime": DOWNTIME_FORMULA},
        )
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources, drafts)
