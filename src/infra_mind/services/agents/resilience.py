"""Disaster recovery for the availability target: whether a warm standby applies, where, why."""

from __future__ import annotations

import math
from dataclasses import dataclass

from infra_mind.domain.costing import ComputeUsage, CostRequest
from infra_mind.domain.fact_rows import DisasterRecovery
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.services.agents.analysis import Analysis

WARM_STANDBY_MIN_PCT = 99.95
"""From 99.95 % (≈ 22 min/month of downtime) a regional outage cannot be recovered from scratch
in time, so a warm standby is proposed."""

WARM_STANDBY_FRACTION = 0.5
"""A warm-standby region runs half the primary serving and app instances (rounded up), scaled
on failover."""


@dataclass(frozen=True)
class StandbyDecision:
    region: str | None
    reason: str


def primary_instances(a: Analysis) -> tuple[ComputeUsage, ...]:
    """Serving and app-tier instances of the primary site."""
    plan = a.chosen
    if plan is None:
        return ()
    serving = tuple(
        ComputeUsage(instance_id=c.fit.instance_id, count=c.instances, purpose="serving")
        for c in plan.option.serving
    )
    return (*serving, *plan.app_tier)


def standby_decision(kb: KnowledgeBase, a: Analysis) -> StandbyDecision:
    """The second allowed region of the chosen provider offering every primary instance type
    (alphabetically first), or the reason there is none."""
    plan, target = a.chosen, a.input.technical.availability_target_pct
    if plan is None or plan.option.region is None:
        return StandbyDecision(None, "no feasible primary deployment to protect")
    if len(plan.sites) > 1:
        return StandbyDecision(
            None,
            f"active-active in {', '.join(plan.regions)}: each region is the other's failover "
            "(no separate standby region)",
        )
    if target < WARM_STANDBY_MIN_PCT:
        return StandbyDecision(
            None,
            f"availability target {target:g} % is below {WARM_STANDBY_MIN_PCT:g} %: "
            "multi-zone in one region suffices, no standby region",
        )
    needed = sorted({u.instance_id for u in primary_instances(a)})
    others = sorted(
        r
        for r in a.allowed_regions
        if r != plan.option.region and kb.region(r).provider == plan.provider
    )
    if not others:
        return StandbyDecision(
            None,
            f"no second {plan.provider} region is allowed ({a.region_scope_reason}); "
            f"the {target:g} % target rests on zones in {plan.option.region} alone",
        )
    for region in others:
        if all(region in kb.instance(i).regions for i in needed):
            return StandbyDecision(
                region,
                f"warm standby in {region}: the second allowed {plan.provider} region offering "
                f"{', '.join(needed)}",
            )
    return StandbyDecision(
        None,
        f"no other allowed {plan.provider} region ({', '.join(others)}) offers all of "
        f"{', '.join(needed)}; the {target:g} % target rests on zones in {plan.option.region}",
    )


def standby_region(kb: KnowledgeBase, a: Analysis) -> str | None:
    return standby_decision(kb, a).region


def dr_request(kb: KnowledgeBase, a: Analysis) -> CostRequest | None:
    """Warm standby: ceil(WARM_STANDBY_FRACTION × primary) serving and app instances plus a
    replica of the object data, in the standby region."""
    plan, region = a.chosen, standby_region(kb, a)
    if plan is None or region is None:
        return None
    compute = tuple(
        ComputeUsage(
            instance_id=u.instance_id,
            count=math.ceil(u.count * WARM_STANDBY_FRACTION),
            purpose=f"standby {u.purpose}",
        )
        for u in primary_instances(a)
    )
    return CostRequest(
        provider=plan.provider,
        region=region,
        compute=compute,
        object_storage_gb=a.object_storage_gb,
        required_eligibility=a.flags,
    )


def dr_facts(kb: KnowledgeBase, a: Analysis) -> DisasterRecovery:
    decision = standby_decision(kb, a)
    return DisasterRecovery(
        standby_region=decision.region,
        reason=decision.reason,
        threshold_pct=WARM_STANDBY_MIN_PCT,
        standby_fraction=WARM_STANDBY_FRACTION,
    )
