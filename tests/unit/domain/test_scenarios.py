"""What-if scenarios and end-to-end serving plans."""

from __future__ import annotations

from infra_mind.domain.capacity import TrafficProfile
from infra_mind.domain.costing import ServiceUsage
from infra_mind.domain.knowledge import KnowledgeBase
from infra_mind.domain.planning import DeploymentRequirement, ServingRequirement, plan_on_provider
from infra_mind.domain.scenarios import what_if

SUPPORT_BOT = DeploymentRequirement(
    serving=(
        ServingRequirement(
            model_id="llama-3.1-8b",
            context_tokens=4096,
            batch_size=8,
            traffic=TrafficProfile(
                peak_requests_per_s=2,
                input_tokens=800,
                output_tokens=250,
                p95_latency_target_ms=20_000,
            ),
        ),
    ),
    object_storage_gb=200,
    egress_gb=500,
    services=(ServiceUsage(category="kubernetes", quantity=730),),
)


def test_serving_plan_names_instances_and_prices_from_the_catalog(kb: KnowledgeBase) -> None:
    option = plan_on_provider(kb, SUPPORT_BOT, "aws", allowed_regions={"us-east-1"})

    assert option.cost is not None
    assert option.region == "us-east-1"
    served = option.serving[0]
    assert served.capacity.meets_latency is True
    assert served.instances * served.fit.replicas_per_instance >= served.capacity.replicas
    assert option.cost.line_items[0].catalog_ref == f"instance:{served.fit.instance_id}"
    assert option.cost.as_of is not None


def test_what_if_covers_traffic_model_and_provider_switch(kb: KnowledgeBase) -> None:
    results = {r.name: r for r in what_if(kb, SUPPORT_BOT, "aws")}

    assert set(results) == {
        "base",
        "traffic_x2",
        "bigger_model",
        "switch_to_azure",
        "switch_to_gcp",
    }
    base = results["base"].monthly_usd
    assert base is not None
    assert results["base"].delta_vs_base_usd == 0.0
    doubled = results["traffic_x2"].monthly_usd
    bigger = results["bigger_model"].monthly_usd
    assert doubled is not None
    assert doubled >= base
    assert bigger is not None
    assert bigger > base
    assert results["bigger_model"].option.serving[0].requirement.model_id == "llama-3.1-70b"


def test_no_allowed_region_is_reported_not_raised(kb: KnowledgeBase) -> None:
    option = plan_on_provider(kb, SUPPORT_BOT, "gcp", allowed_regions={"us-east-1"})

    assert option.cost is None
    assert option.infeasible_reason == "no allowed region"
