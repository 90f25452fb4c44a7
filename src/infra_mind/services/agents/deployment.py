"""The shared deployment analysis every analyst starts from: constraints, sizing, per-provider cost.

Pure and deterministic: the same input and knowledge base always give the same analysis, so
agents that run in parallel agree on the numbers without reading each other's results.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from infra_mind.domain.compliance import ComplianceFindings, assess_compliance
from infra_mind.domain.costing import (
    BudgetFit,
    ComputeUsage,
    CostRequest,
    ServiceUsage,
    check_budget,
)
from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import PROVIDERS, EligibilityFlag, Provider
from infra_mind.domain.planning import DeploymentRequirement, ProviderOption, plan_on_provider
from infra_mind.services.agents.constraints import RegionScope, compliance_profile, region_scope
from infra_mind.services.agents.model_choice import (
    ApiModel,
    ServedModel,
    api_bill,
    choose_hosted,
    served_models,
)
from infra_mind.services.agents.platform import (
    app_tier,
    log_gb,
    platform_services,
    service_needs,
)

MAX_BATCH_SIZE = 64
"""Batch cap of the serving engine; the planner tries 1, 2, 4, … 64 at every tensor-parallel
degree and keeps the cheapest configuration that meets the latency target. 64 keeps the KV cache
of short-context workloads small and sits where the folded prefill makes most steps
compute-bound, so larger caps add latency without adding tokens/s."""

CLOUD_SWITCH_SAVING = 0.20
"""Policy: the home cloud (the first preferred cloud the team already runs on, else the first
preferred) is kept unless another considered cloud is cheaper by more than 20 % of the home
cloud's monthly run cost. Below that, migration work, re-skilling and dual running during the
cut-over (not priced here) typically eat the saving within a 12-24 month plan; a stated
assumption, not a measurement."""

QUANTISATION_FALLBACKS = (Precision.FP8, Precision.INT8, Precision.INT4)
"""Tried, in this order, only when no provider can serve the stated precision within latency."""


@dataclass(frozen=True)
class Site:
    """One serving region of a provider plan and the share of the demand it carries."""

    jurisdiction: str | None
    share: float
    option: ProviderOption
    app_tier: tuple[ComputeUsage, ...]
    services: tuple[ServiceUsage, ...]
    storage_gb: float
    egress_gb: float

    @property
    def region(self) -> str | None:
        return self.option.region


@dataclass(frozen=True)
class ProviderPlan:
    """A provider's deployment: one site, or one per operating jurisdiction when the business
    is globally distributed; the first site is the primary."""

    provider: Provider
    sites: tuple[Site, ...]
    api: tuple[ApiModel, ...]
    total_monthly_usd: float | None
    infeasible_reason: str | None

    @property
    def option(self) -> ProviderOption:
        return self.sites[0].option

    @property
    def app_tier(self) -> tuple[ComputeUsage, ...]:
        return self.sites[0].app_tier

    @property
    def services(self) -> tuple[ServiceUsage, ...]:
        return self.sites[0].services

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(s.region for s in self.sites if s.region is not None)


@dataclass(frozen=True)
class Choice:
    """The chosen plan, why, and the runner-up with its monthly difference (positive: the
    runner-up costs more)."""

    plan: ProviderPlan | None
    reason: str
    home: Provider | None
    runner_up: Provider | None = None
    runner_up_monthly_usd: float | None = None
    runner_up_delta_usd: float | None = None
    runner_up_delta_pct: float | None = None
    runner_up_considered: bool | None = None

    def facts(self) -> dict[str, Any]:
        return {
            "home_cloud": self.home,
            "switch_saving_threshold_pct": CLOUD_SWITCH_SAVING * 100,
            "runner_up": self.runner_up,
            "runner_up_considered": self.runner_up_considered,
            "runner_up_monthly_usd": self.runner_up_monthly_usd,
            "runner_up_delta_usd": self.runner_up_delta_usd,
            "runner_up_delta_pct": self.runner_up_delta_pct,
        }


@dataclass(frozen=True)
class Analysis:
    """Constraints and the cheapest feasible deployment per provider, with the chosen one."""

    input: AssessmentInput
    compliance: ComplianceFindings
    flags: frozenset[EligibilityFlag]
    residency: tuple[str, ...] | None
    region_scope: tuple[str, ...]
    region_scope_reason: str
    allowed_regions: frozenset[str]
    considered: tuple[Provider, ...]
    served: tuple[ServedModel, ...]
    plans: tuple[ProviderPlan, ...]
    chosen: ProviderPlan | None
    chosen_reason: str
    choice: Choice
    distribution: str
    budget: BudgetFit | None
    object_storage_gb: float
    egress_gb: float
    peak_rps: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def hipaa(self) -> bool:
        return "hipaa_baa" in self.flags


class AnalysisCache:
    """Memoises ``analyse`` per input for the agents of one registry: eleven analysts read the
    same analysis, and it is pure, so it is computed once per distinct input (LRU-bounded)."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._entries: OrderedDict[str, Analysis] = OrderedDict()

    def get(self, kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
        key = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
        found = self._entries.get(key)
        if found is None:
            found = analyse(kb, data)
            self._entries[key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        self._entries.move_to_end(key)
        return found


def analyse(kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
    """The analysis at the stated precision. When nothing is feasible there, the first lower
    serving precision that is; when the stated precision is feasible but over budget, the first
    lower precision that fits the budget. Either deviation is stated in ``notes``."""
    base = _analyse(kb, data, None)
    if not base.served:
        return base
    if base.chosen is None:
        for precision in QUANTISATION_FALLBACKS:
            alt = _analyse(kb, data, precision)
            if alt.chosen is not None:
                note = (
                    f"at the stated precision no catalog instance meets the latency target on "
                    f"any provider ({base.plans[0].infeasible_reason}); serving is planned in "
                    f"{precision.value} instead, which halves or better the bytes read per token"
                )
                return replace(alt, notes=(note, *alt.notes))
        return base
    if base.budget is None or base.budget.status == "fits":
        return base
    stated = ", ".join(sorted({s.precision.value for s in base.served}))
    tried: list[str] = []
    for precision in QUANTISATION_FALLBACKS:
        alt = _analyse(kb, data, precision)
        if alt.budget is not None:
            tried.append(f"{precision.value} {alt.budget.total_monthly_usd:,.0f}")
        if alt.budget is not None and alt.budget.status == "fits":
            note = (
                f"in {stated} the deployment costs {base.budget.total_monthly_usd:,.0f} USD/month, "
                f"{base.budget.gap_usd:,.0f} over the budget; serving in {precision.value} costs "
                f"{alt.budget.total_monthly_usd:,.0f} and fits (weights and prefill FLOPs at "
                f"{precision.bytes_per_param:g} byte/param): validate answer quality on an "
                "evaluation set before rollout"
            )
            return replace(alt, notes=(note, *alt.notes))
    note = (
        f"in {stated} the deployment is {base.budget.gap_usd:,.0f} USD/month over the budget and "
        f"no lower serving precision fits it either (USD/month: {'; '.join(tried)}); kept "
        f"{stated} as stated"
    )
    return replace(base, notes=(note, *base.notes))


@dataclass(frozen=True)
class _Demand:
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
class _SiteScope:
    jurisdiction: str | None
    regions: frozenset[str]


def _demand(
    data: AssessmentInput,
    flags: frozenset[EligibilityFlag],
    scope: RegionScope,
    override: Precision | None,
) -> _Demand:
    t = data.technical
    return _Demand(
        flags=flags,
        residency=scope.residency,
        regions=scope.regions,
        peak_rps=sum(w.inference.requests_per_s_peak for w in t.ai_workloads if w.inference),
        log_gb=log_gb(sum(w.inference.requests_per_s_avg for w in t.ai_workloads if w.inference)),
        storage_gb=t.data.volume_tb * 1000,
        egress_gb=(t.data.monthly_egress_tb or 0.0) * 1000,
        override=override,
    )


def site_scopes(kb: KnowledgeBase, data: AssessmentInput, scope: RegionScope) -> list[_SiteScope]:
    """One site per operating jurisdiction with an allowed region when the business is globally
    distributed (its users' traffic and data stay in their jurisdiction); else one site over
    the whole allowed scope."""
    b = data.business
    if b.global_distribution:
        sites = []
        for j in dict.fromkeys(r.value for r in b.operating_regions):
            regions = frozenset(r for r in scope.regions if kb.region(r).jurisdiction == j)
            if regions:
                sites.append(_SiteScope(j, regions))
        if len(sites) > 1:
            return sites
    return [_SiteScope(None, scope.regions)]


def distribution_note(data: AssessmentInput, sites: list[_SiteScope]) -> str:
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
    d: _Demand,
    site: _SiteScope,
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


def _plan_provider(
    kb: KnowledgeBase,
    data: AssessmentInput,
    provider: Provider,
    d: _Demand,
    scopes: list[_SiteScope],
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
    reason = "; ".join(reasons) or ("; ".join(missing_api) if missing_api else None)
    total = None
    if reason is None:
        total = sum(s.option.cost.total_monthly_usd for s in sites if s.option.cost) + sum(
            api_bill(a) for a in api
        )
    return ProviderPlan(provider, tuple(sites), api, total, reason), tuple(notes)


def home_cloud(data: AssessmentInput, considered: tuple[Provider, ...]) -> Provider | None:
    """The first considered cloud the team already runs on, else the first considered."""
    current = {p.value for p in data.technical.current_clouds}
    return next((p for p in considered if p in current), considered[0] if considered else None)


def choose_plan(
    plans: list[ProviderPlan], considered: tuple[Provider, ...], home: Provider | None
) -> Choice:
    """The home cloud unless another considered cloud is cheaper by more than
    ``CLOUD_SWITCH_SAVING``; the cheapest feasible considered cloud when home is infeasible; the
    cheapest feasible other provider when none considered is. The runner-up is the cheapest
    other feasible plan of the same pool, with its difference to the chosen one."""
    feasible = [p for p in plans if p.total_monthly_usd is not None]
    preferred = [p for p in feasible if p.provider in considered]
    pool = preferred or feasible
    if not pool:
        return Choice(None, "no provider has a feasible deployment within the constraints", home)
    cheapest = min(pool, key=lambda p: (p.total_monthly_usd or 0.0, p.provider))
    at_home = next((p for p in pool if p.provider == home), None)
    cost = cheapest.total_monthly_usd or 0.0
    if at_home is not None:
        home_cost = at_home.total_monthly_usd or 0.0
        saving = (home_cost - cost) / home_cost if home_cost else 0.0
        if saving > CLOUD_SWITCH_SAVING:
            chosen, why = (
                cheapest,
                (
                    f"{cheapest.provider} is {saving:.0%} cheaper than the home cloud {home}, more "
                    f"than the {CLOUD_SWITCH_SAVING:.0%} switch threshold"
                ),
            )
        else:
            chosen = at_home
            why = f"home cloud {home} (current/first preferred)" + (
                f"; {cheapest.provider} is only {saving:.0%} cheaper, within the "
                f"{CLOUD_SWITCH_SAVING:.0%} switch threshold"
                if cheapest is not at_home
                else "; also the cheapest feasible considered cloud"
            )
    elif preferred:
        chosen = cheapest
        why = (
            f"home cloud {home} is infeasible; cheapest feasible of the considered clouds "
            f"({', '.join(considered)})"
        )
    else:
        chosen = cheapest
        why = f"none of {', '.join(considered)} is feasible; cheapest feasible other provider"
    # The runner-up comes from the same pool; with a single considered cloud, from the others.
    others = [p for p in pool if p is not chosen] or [p for p in feasible if p is not chosen]
    runner = min(others, key=lambda p: (p.total_monthly_usd or 0.0, p.provider), default=None)
    if runner is None or runner.total_monthly_usd is None:
        return Choice(chosen, why, home)
    chosen_cost = chosen.total_monthly_usd or 0.0
    delta = runner.total_monthly_usd - chosen_cost
    return Choice(
        chosen,
        why,
        home,
        runner.provider,
        runner.total_monthly_usd,
        delta,
        delta / chosen_cost * 100 if chosen_cost else None,
        runner in preferred,
    )


def _analyse(kb: KnowledgeBase, data: AssessmentInput, override: Precision | None) -> Analysis:
    """Constraints first (compliance flags, residency), then the cheapest feasible deployment per
    provider (one site per operating jurisdiction when globally distributed), then the choice
    between clouds (``choose_plan``)."""
    b, t = data.business, data.technical
    findings = assess_compliance(kb, compliance_profile(kb, data))
    flags = frozenset(findings.required_service_eligibility)
    scope = region_scope(kb, data)
    d = _demand(data, flags, scope, override)
    scopes = site_scopes(kb, data, scope)
    considered: tuple[Provider, ...] = (
        tuple(p.value for p in b.preferred_clouds)
        or tuple(p.value for p in t.current_clouds)
        or PROVIDERS
    )
    plans: list[ProviderPlan] = []
    notes: list[str] = []
    for provider in PROVIDERS:
        plan, plan_notes = _plan_provider(kb, data, provider, d, scopes)
        plans.append(plan)
        notes.extend(plan_notes)
    choice = choose_plan(plans, considered, home_cloud(data, considered))
    chosen = choice.plan
    budget = None
    if chosen is not None and chosen.total_monthly_usd is not None:
        budget = check_budget(chosen.total_monthly_usd, b.budget.monthly_limit_usd)
    return Analysis(
        input=data,
        compliance=findings,
        flags=flags,
        residency=scope.residency,
        region_scope=scope.jurisdictions,
        region_scope_reason=scope.reason,
        allowed_regions=scope.regions,
        considered=considered,
        served=served_models(kb, data, chosen_batch(chosen), override),
        plans=tuple(plans),
        chosen=chosen,
        chosen_reason=choice.reason,
        choice=choice,
        distribution=distribution_note(data, scopes),
        budget=budget,
        object_storage_gb=d.storage_gb,
        egress_gb=d.egress_gb,
        peak_rps=d.peak_rps,
        notes=tuple(dict.fromkeys(notes)),
    )


def chosen_batch(plan: ProviderPlan | None) -> int:
    """The batch the chosen primary deployment runs at (the cap when nothing is served)."""
    if plan is None or not plan.option.serving:
        return MAX_BATCH_SIZE
    return plan.option.serving[0].capacity.batch_size


def cost_request(
    plan: ProviderPlan, flags: frozenset[EligibilityFlag], site: Site | None = None, **parts: Any
) -> CostRequest:
    """A CostRequest on the chosen provider in ``site``'s region (the primary by default) for
    one component of the plan."""
    region = (site or plan.sites[0]).region
    assert region is not None
    return CostRequest(provider=plan.provider, region=region, required_eligibility=flags, **parts)
