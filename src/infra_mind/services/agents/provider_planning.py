"""Per-provider demand and pricing: the cheapest feasible deployment on a provider, per site."""

from __future__ import annotations

from dataclasses import dataclass

from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import EligibilityFlag, Provider
from infra_mind.domain.planning import DeploymentRequirement, plan_on_provider
from infra_mind.services.agents.constraints import RegionScope
from infra_mind.services.agents.model_choice import api_bill, choose_hosted, served_models
from infra_mind.services.agents.platform import (
    app_tier,
    log_gb,
    platform_services,
    service_needs,
)
from infra_mind.services.agents.provider_plan import ProviderPlan, Site

MAX_BATCH_SIZE = 64
"""Batch cap of the serving engine; the planner tries 1, 2, 4, … 64 at every tensor-parallel
degree and keeps the cheapest configuration that meets the latency target. 64 keeps the KV cache
of short-context workloads small and sits where the folded prefill makes most steps
compute-bound, so larger caps add latency without adding tokens/s."""


@dataclass(frozen=True)
class Demand:
    """Input-derived quantities every provider plan prices."""

    flags: frozenset[EligibilityFlag]
    residency: tuple[str, ...] | None
    regions: frozenset[str]
    peak_rps: float
    log_gb: float
    storage_gb: float
    egress_gb: float
    override: Precision | None


@dataclass(frozen=True)
class SiteScope:
    jurisdiction: str | None
    regions: frozenset[str]


def demand(
    data: AssessmentInput,
    flags: frozenset[EligibilityFlag],
    scope: RegionScope,
    override: Precision | None,
) -> Demand:
    t = data.technical
    return Demand(
        flags=flags,
        residency=scope.residency,
        regions=scope.regions,
        peak_rps=sum(w.inference.requests_per_s_peak for w in t.ai_workloads if w.inference),
        log_gb=log_gb(sum(w.inference.requests_per_s_avg for w in t.ai_workloads if w.inference)),
        storage_gb=t.data.volume_tb * 1000,
        egress_gb=(t.data.monthly_egress_tb or 0.0) * 1000,
        override=override,
    )


def site_scopes(kb: KnowledgeBase, data: AssessmentInput, scope: RegionScope) -> list[SiteScope]:
    """One site per operating jurisdiction with an allowed region when the business is globally
    distributed (its users' traffic and data stay in their jurisdiction); else one site over
    the whole allowed scope."""
    b = data.business
    if b.global_distribution:
        sites = []
        for j in dict.fromkeys(r.value for r in b.operating_regions):
            regions = frozenset(r for r in scope.regions if kb.region(r).jurisdiction == j)
            if regions:
                sites.append(SiteScope(j, regions))
        if len(sites) > 1:
            return sites
    return [SiteScope(None, scope.regions)]


def distribution_note(data: AssessmentInput, sites: list[SiteScope]) -> str:
    if len(sites) > 1:
        names = ", ".join(s.jurisdiction or "" for s in sites)
        return (
            f"global distribution: active-active, one region in each of {names}; per-region "
            f"traffic shares are not in the input, so each site carries an even 1/{len(sites)} "
            "of peak traffic, users' data and egress (each sized with its own headroom and "
            "zones). After losing a region the other keeps "
            f"{1 - 1 / len(sites):.0%} of peak warm and scales out: the same warm fraction a "
            "single-region warm standby keeps, without a separate standby region. Users' "
            "personal data stays in their jurisdiction's site; failing EU traffic over to a "
            "non-EU site is a GDPR Chapter V transfer (adequacy such as the EU-US Data Privacy "
            "Framework, or SCCs) and must be covered before it is enabled"
        )
    if data.business.global_distribution:
        return (
            "global distribution requested, but only one operating jurisdiction has an allowed "
            "region; served from one region"
        )
    return "single region (no global distribution requested)"


def _plan_site(
    kb: KnowledgeBase,
    data: AssessmentInput,
    provider: Provider,
    d: Demand,
    site: SiteScope,
    share: float,
) -> tuple[Site, tuple[str, ...]]:
    """The cheapest feasible deployment of ``share`` of the demand in one site's regions."""
    t = data.technical
    tier = app_tier(kb, provider, d.peak_rps * share, t.availability_target_pct)
    services, notes = platform_services(
        kb, provider, d.flags, service_needs(data), d.log_gb * share
    )
    serving = tuple(
        s.requirement.model_copy(
            update={
                "traffic": s.requirement.traffic.model_copy(
                    update={
                        "peak_requests_per_s": s.requirement.traffic.peak_requests_per_s * share
                    }
                )
            }
        )
        for s in served_models(kb, data, MAX_BATCH_SIZE, d.override)
    )
    req = DeploymentRequirement(
        serving=serving,
        app_tier={provider: tier},
        object_storage_gb=d.storage_gb * share,
        egress_gb=d.egress_gb * share,
        services=services,
        required_eligibility=d.flags,
    )
    option = plan_on_provider(kb, req, provider, allowed_regions=site.regions)
    return Site(
        site.jurisdiction, share, option, tier, services, d.storage_gb * share, d.egress_gb * share
    ), notes


def plan_provider(
    kb: KnowledgeBase,
    data: AssessmentInput,
    provider: Provider,
    d: Demand,
    scopes: list[SiteScope],
) -> tuple[ProviderPlan, tuple[str, ...]]:
    """The cheapest feasible deployment on one provider, per site."""
    t = data.technical
    api = tuple(
        choose_hosted(kb, w, provider, d.residency, "hipaa_baa" in d.flags)
        for w in t.ai_workloads
        if not w.model.self_hosted and w.inference is not None
    )
    sites: list[Site] = []
    notes: list[str] = []
    for scope in scopes:
        site, site_notes = _plan_site(kb, data, provider, d, scope, 1 / len(scopes))
        sites.append(site)
        notes.extend(site_notes)
    reasons = [
        (f"{s.jurisdiction}: " if s.jurisdiction else "") + (s.option.infeasible_reason or "")
        for s in sites
        if s.option.infeasible_reason
    ]
    missing_api = [a.note for a in api if a.choice is None]
    unservable = [
        s.undersized_reason
        for s in served_models(kb, data, MAX_BATCH_SIZE, d.override)
        if s.undersized_reason
    ]
    reasons = unservable + reasons
    reason = "; ".join(reasons) or ("; ".join(missing_api) if missing_api else None)
    total = None
    if reason is None:
        total = sum(s.option.cost.total_monthly_usd for s in sites if s.option.cost) + sum(
            api_bill(a) for a in api
        )
    return ProviderPlan(provider, tuple(sites), api, total, reason), tuple(notes)


def chosen_batch(plan: ProviderPlan | None) -> int:
    """The batch the chosen primary deployment runs at (the cap when nothing is served)."""
    if plan is None or not plan.option.serving:
        return MAX_BATCH_SIZE
    return plan.option.serving[0].capacity.batch_size
