"""The deployment analysis at one serving precision: constraints, per-provider plans, the choice."""

from __future__ import annotations

from dataclasses import replace

from infra_mind.domain.compliance import assess_compliance
from infra_mind.domain.enums import Precision
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import PROVIDERS, Provider
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.budgeting import whole_plan, with_parts
from infra_mind.services.agents.cloud_choice import Choice, choose_plan, home_cloud
from infra_mind.services.agents.constraints import compliance_profile, region_scope
from infra_mind.services.agents.model_choice import served_models
from infra_mind.services.agents.provider_plan import ProviderPlan
from infra_mind.services.agents.provider_planning import (
    chosen_batch,
    demand,
    distribution_note,
    plan_provider,
    site_scopes,
)


def analyse_at(kb: KnowledgeBase, data: AssessmentInput, override: Precision | None) -> Analysis:
    """Constraints first (compliance flags, residency), then the cheapest feasible deployment per
    provider (one site per operating jurisdiction when globally distributed), then the choice
    between clouds (``choose_plan``), and the chosen deployment's parts priced."""
    b, t = data.business, data.technical
    findings = assess_compliance(kb, compliance_profile(kb, data))
    flags = frozenset(findings.required_service_eligibility)
    scope = region_scope(kb, data)
    d = demand(data, flags, scope, override)
    scopes = site_scopes(kb, data, scope)
    considered: tuple[Provider, ...] = (
        tuple(p.value for p in b.preferred_clouds)
        or tuple(p.value for p in t.current_clouds)
        or PROVIDERS
    )
    plans: list[ProviderPlan] = []
    notes: list[str] = []
    for provider in PROVIDERS:
        plan, plan_notes = plan_provider(kb, data, provider, d, scopes)
        plans.append(plan)
        notes.extend(plan_notes)
    prelim = Analysis(
        input=data,
        compliance=findings,
        flags=flags,
        residency=scope.residency,
        region_scope=scope.jurisdictions,
        region_scope_reason=scope.reason,
        allowed_regions=scope.regions,
        considered=considered,
        served=served_models(kb, data, chosen_batch(None), override),
        plans=tuple(plans),
        chosen=None,
        chosen_reason="",
        choice=Choice(None, "", None),
        distribution=distribution_note(data, scopes),
        budget=None,
        object_storage_gb=d.storage_gb,
        egress_gb=d.egress_gb,
        peak_rps=d.peak_rps,
        notes=tuple(dict.fromkeys(notes)),
    )
    whole = tuple(whole_plan(kb, prelim, p) for p in plans)
    choice = choose_plan(list(whole), considered, home_cloud(data, considered))
    chosen = choice.plan
    analysis = replace(
        prelim,
        plans=whole,
        chosen=chosen,
        chosen_reason=choice.reason,
        choice=choice,
        served=served_models(kb, data, chosen_batch(chosen), override),
    )
    return with_parts(kb, analysis)
