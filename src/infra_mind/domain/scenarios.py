"""What-if scenarios on a deployment: traffic ×2, next-larger model, provider switch."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.costing import PricingModel
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import PROVIDERS, Provider
from infra_mind.domain.money import cents
from infra_mind.domain.planning import DeploymentRequirement, ProviderOption, plan_on_provider

TRAFFIC_MULTIPLIER = 2.0


class ScenarioResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    option: ProviderOption
    monthly_usd: float | None
    delta_vs_base_usd: float | None


def _scale_traffic(req: DeploymentRequirement, factor: float) -> DeploymentRequirement:
    serving = tuple(
        s.model_copy(
            update={
                "traffic": s.traffic.model_copy(
                    update={"peak_requests_per_s": s.traffic.peak_requests_per_s * factor}
                )
            }
        )
        for s in req.serving
    )
    return req.model_copy(update={"serving": serving, "egress_gb": req.egress_gb * factor})


def _bigger_model(kb: KnowledgeBase, req: DeploymentRequirement) -> DeploymentRequirement | None:
    serving = []
    changed = False
    for s in req.serving:
        current = kb.open_model(s.model_id)
        larger = [
            m for m in kb.open_models_in_family(current.family) if m.params_b > current.params_b
        ]
        if larger:
            ctx = min(s.context_tokens, larger[0].context_length)
            serving.append(s.model_copy(update={"model_id": larger[0].id, "context_tokens": ctx}))
            changed = True
        else:
            serving.append(s)
    return req.model_copy(update={"serving": tuple(serving)}) if changed else None


def what_if(
    kb: KnowledgeBase,
    requirement: DeploymentRequirement,
    provider: Provider,
    *,
    allowed_regions: Collection[str] | None = None,
    pricing_model: PricingModel = PricingModel.ON_DEMAND,
) -> tuple[ScenarioResult, ...]:
    """Base plus: traffic ×2 (peak and egress), next-larger model of the same family (skipped when
    none), and the same deployment on each other provider. Deltas are against the base total."""

    def run(
        name: str, description: str, req: DeploymentRequirement, on: Provider
    ) -> ScenarioResult:
        option = plan_on_provider(
            kb, req, on, allowed_regions=allowed_regions, pricing_model=pricing_model
        )
        total = option.cost.total_monthly_usd if option.cost else None
        delta = None if total is None or base_total is None else cents(total - base_total)
        return ScenarioResult(
            name=name,
            description=description,
            option=option,
            monthly_usd=total,
            delta_vs_base_usd=delta,
        )

    base_total: float | None = None
    base = run("base", f"as described, on {provider}", requirement, provider)
    base_total = base.monthly_usd
    base = base.model_copy(update={"delta_vs_base_usd": 0.0 if base_total is not None else None})
    results = [
        base,
        run(
            "traffic_x2",
            f"peak traffic and egress × {TRAFFIC_MULTIPLIER:g}",
            _scale_traffic(requirement, TRAFFIC_MULTIPLIER),
            provider,
        ),
    ]
    bigger = _bigger_model(kb, requirement)
    if bigger is not None:
        names = ", ".join(s.model_id for s in bigger.serving)
        results.append(
            run("bigger_model", f"next-larger model of the same family ({names})", bigger, provider)
        )
    for other in PROVIDERS:
        if other != provider:
            results.append(
                run(f"switch_to_{other}", f"same deployment on {other}", requirement, other)
            )
    return tuple(results)
