"""Cost specs: how a draft recommendation says what it costs, and how synthesis prices it.

A spec is plain JSON kept in ``DraftRecommendation.data['cost_specs']``; pricing it again
through the domain costing functions yields the line items, so every figure is recomputed from
the catalog, never copied from an agent's prose.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from infra_mind.domain.build_vs_buy import api_monthly_cost
from infra_mind.domain.costing import ComputeUsage, CostRequest, ServiceUsage, estimate_monthly_cost
from infra_mind.domain.enums import TrainingKind
from infra_mind.domain.input import AIWorkload
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.recommendation import LineItem
from infra_mind.domain.training import TrainingEstimate, estimate_training
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.part import Part, Priced
from infra_mind.services.agents.provider_plan import ProviderPlan, cost_request
from infra_mind.services.agents.resilience import dr_request

PLATFORM_CATEGORIES = ("kubernetes", "relational_db", "vector_search")
SECURITY_CATEGORIES = ("waf_ddos", "monitoring")


OPTIONAL_PARTS = frozenset({"dr:standby"})
"""Parts the plan can do without when it exceeds the budget (each dropped part is stated)."""


def infra_spec(request: CostRequest) -> dict[str, Any]:
    return {"kind": "infra", "request": request.model_dump(mode="json")}


def price(kb: KnowledgeBase, specs: list[dict[str, Any]]) -> Priced:
    """Line items of every spec, the oldest catalog as-of date among them, and notes."""
    items: list[LineItem] = []
    dates: list[date] = []
    notes: list[str] = []
    for spec in specs:
        kind = spec["kind"]
        if kind == "infra":
            breakdown = estimate_monthly_cost(kb, CostRequest.model_validate(spec["request"]))
            items.extend(breakdown.line_items)
            notes.extend(f"excluded {e.catalog_ref}: {e.reason}" for e in breakdown.excluded)
            notes.extend(breakdown.assumptions)
            if breakdown.as_of:
                dates.append(breakdown.as_of)
        elif kind == "api":
            bill = api_monthly_cost(
                kb, spec["hosted_model"], spec["input_tokens"], spec["output_tokens"]
            )
            items.extend(bill.line_items)
            notes.extend(bill.assumptions)
            if bill.as_of:
                dates.append(bill.as_of)
        elif kind == "training":
            est = training_estimate(kb, spec)
            items.append(training_item(est))
            notes.extend(est.assumptions)
            dates.append(kb.citation(ref("instance", est.instance_id)).as_of)
        else:
            raise ValueError(f"unknown cost spec kind {kind!r}")
    return Priced(tuple(items), min(dates) if dates else None, tuple(dict.fromkeys(notes)))


def training_estimate(kb: KnowledgeBase, spec: dict[str, Any]) -> TrainingEstimate:
    return estimate_training(
        kb,
        params_b=spec["params_b"],
        dataset_tokens=spec["dataset_tokens"],
        kind=TrainingKind(spec["training_kind"]),
        instance_id=spec["instance_id"],
        region=spec["region"],
        runs_per_month=spec["runs_per_month"],
    )


def training_item(est: TrainingEstimate) -> LineItem:
    hours = est.instances * est.wall_clock_hours * est.runs_per_month
    return LineItem(
        description=f"{est.kind.value} runs on {est.instances} × {est.instance_id}",
        category="training",
        catalog_ref=ref("instance", est.instance_id),
        quantity=hours,
        unit="instance-hour",
        unit_price_usd=est.usd_per_hour,
        formula=(
            f"{est.instances} instances × {est.wall_clock_hours:.3f} h/run"
            f" × {est.runs_per_month:g} runs × {est.usd_per_hour:.4f} USD/h; "
            + "; ".join(est.formulas)
        ),
    )


def training_spec(kb: KnowledgeBase, plan: ProviderPlan, w: AIWorkload) -> dict[str, Any] | None:
    """The training run on the chosen provider's region: the accelerated instance with the lowest
    cost per run (Inferentia is inference-only and skipped)."""
    region = plan.option.region
    if w.training is None or region is None or w.model.parameters_b is None:
        return None
    best: tuple[float, str, dict[str, Any]] | None = None
    for inst in kb.instances_for(provider=plan.provider, kind="gpu", region=region):
        if inst.gpu_model is None or inst.gpu_model.startswith("inferentia"):
            continue
        spec = {
            "kind": "training",
            "params_b": w.model.parameters_b,
            "dataset_tokens": w.training.dataset_tokens,
            "training_kind": w.training.kind.value,
            "instance_id": inst.id,
            "region": region,
            "runs_per_month": w.training.runs_per_month,
        }
        cost = training_estimate(kb, spec).cost_per_run_usd
        if best is None or (cost, inst.id) < best[:2]:
            best = (cost, inst.id, spec)
    return None if best is None else best[2]


def plan_parts(kb: KnowledgeBase, a: Analysis) -> tuple[Part, ...]:
    """Every part of the chosen deployment, priced once."""
    return tuple(
        Part(key, specs, price(kb, specs), key in OPTIONAL_PARTS)
        for key, specs in component_specs(kb, a).items()
    )


def component_specs(kb: KnowledgeBase, a: Analysis) -> dict[str, list[dict[str, Any]]]:
    """The chosen deployment split into complementary parts (their sum is the plan's total)."""
    plan = a.chosen
    if plan is None or plan.option.region is None:
        return {}
    out = serving_specs(a, plan)
    out |= platform_specs(a, plan)
    out |= training_specs(kb, a, plan)
    standby = dr_request(kb, a)
    if standby is not None:
        out["dr:standby"] = [infra_spec(standby)]
    return out


def serving_specs(a: Analysis, plan: ProviderPlan) -> dict[str, list[dict[str, Any]]]:
    """One part per served workload: its serving instances in every site, or its hosted-model
    tokens."""
    out: dict[str, list[dict[str, Any]]] = {}
    for site in plan.sites:
        for choice in site.option.serving:
            name = next(s.workload for s in a.served if s.model.id == choice.requirement.model_id)
            usage = ComputeUsage(
                instance_id=choice.fit.instance_id, count=choice.instances, purpose=f"serve {name}"
            )
            spec = infra_spec(cost_request(plan, a.flags, site, compute=(usage,)))
            out.setdefault(f"serving:{name}", []).append(spec)
    for api in plan.api:
        if api.choice is not None:
            out[f"serving:{api.workload}"] = [
                {
                    "kind": "api",
                    "hosted_model": api.choice.id,
                    "input_tokens": api.input_tokens,
                    "output_tokens": api.output_tokens,
                }
            ]
    return out


def platform_specs(a: Analysis, plan: ProviderPlan) -> dict[str, list[dict[str, Any]]]:
    """Platform (app tier, cluster, databases), security services, and data storage/egress, in
    every site (each site holds its share of the data and runs its own platform)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for site in plan.sites:
        platform = tuple(s for s in site.services if s.category in PLATFORM_CATEGORIES)
        out.setdefault("platform", []).append(
            infra_spec(cost_request(plan, a.flags, site, compute=site.app_tier, services=platform))
        )
        security = tuple(s for s in site.services if s.category in SECURITY_CATEGORIES)
        if security:
            out.setdefault("security", []).append(
                infra_spec(cost_request(plan, a.flags, site, services=security))
            )
        if site.storage_gb > 0 or site.egress_gb > 0:
            data = cost_request(
                plan, a.flags, site, object_storage_gb=site.storage_gb, egress_gb=site.egress_gb
            )
            out.setdefault("data", []).append(infra_spec(data))
    return out


def training_specs(
    kb: KnowledgeBase, a: Analysis, plan: ProviderPlan
) -> dict[str, list[dict[str, Any]]]:
    """Per training workload: the runs, and the ML platform hours that orchestrate them."""
    out: dict[str, list[dict[str, Any]]] = {}
    for w in a.input.technical.ai_workloads:
        spec = training_spec(kb, plan, w)
        if spec is not None:
            hours = training_item(training_estimate(kb, spec)).quantity
            ml = cost_request(
                plan, a.flags, services=(ServiceUsage(category="ml_platform", quantity=hours),)
            )
            out[f"mlops:{w.name}"] = [spec, infra_spec(ml)]
    return out
