"""Property tests over the computations (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_mind.domain.capacity import TrafficProfile, plan_capacity
from infra_mind.domain.costing import (
    ComputeUsage,
    CostBreakdown,
    CostRequest,
    PricingModel,
    ServiceUsage,
    estimate_monthly_cost,
)
from infra_mind.domain.enums import Precision, TrainingKind
from infra_mind.domain.knowledge import KnowledgeBase, load_knowledge_base
from infra_mind.domain.knowledge.models import PROVIDERS
from infra_mind.domain.money import cents, total
from infra_mind.domain.residency import allowed_regions
from infra_mind.domain.simulation import SimulationInput, simulate_costs
from infra_mind.domain.sizing import estimate_inference_memory
from infra_mind.domain.training import estimate_training

KB = load_knowledge_base()
CATEGORIES = sorted({s.category for s in KB.services})
FLAGS = ["hipaa_baa", "pci_dss", "soc2", "iso27001"]


@st.composite
def cost_requests(draw: st.DrawFn) -> CostRequest:
    provider = draw(st.sampled_from(PROVIDERS))
    region = draw(st.sampled_from([r.id for r in KB.regions_for(provider=provider)]))
    offered = [i.id for i in KB.instances_for(provider=provider, region=region)]
    compute = draw(
        st.lists(
            st.builds(
                ComputeUsage,
                instance_id=st.sampled_from(offered),
                count=st.integers(1, 50),
                hours_per_month=st.floats(1, 730),
            ),
            max_size=4,
        )
    )
    services = draw(
        st.lists(
            st.builds(
                ServiceUsage, category=st.sampled_from(CATEGORIES), quantity=st.floats(0.01, 1e6)
            ),
            max_size=6,
        )
    )
    return CostRequest(
        provider=provider,
        region=region,
        pricing_model=draw(st.sampled_from(list(PricingModel))),
        compute=tuple(compute),
        object_storage_gb=draw(st.floats(0, 1e6)),
        egress_gb=draw(st.floats(0, 1e6)),
        services=tuple(services),
        required_eligibility=frozenset(draw(st.sets(st.sampled_from(FLAGS)))),
    )


def _cost(request: CostRequest) -> CostBreakdown:
    return estimate_monthly_cost(KB, request)


@given(cost_requests())
def test_cost_total_equals_sum_of_line_items(request: CostRequest) -> None:
    cost = _cost(request)

    assert cost.total_monthly_usd == total(i.monthly_usd for i in cost.line_items)
    assert all(i.monthly_usd == cents(i.quantity * i.unit_price_usd) for i in cost.line_items)


@given(cost_requests())
def test_every_line_item_references_a_catalog_record(request: CostRequest) -> None:
    cost = _cost(request)

    for item in cost.line_items:
        KB.resolve(item.catalog_ref)  # raises NotFound otherwise
        assert item.formula


@given(cost_requests())
def test_priced_services_carry_every_required_eligibility(request: CostRequest) -> None:
    for item in _cost(request).line_items:
        if item.catalog_ref.startswith("service:"):
            service = KB.service(item.catalog_ref.removeprefix("service:"))
            assert all(service.eligibility.has(f) for f in request.required_eligibility)


@given(cost_requests())
def test_cost_is_deterministic_and_never_cheaper_on_demand_than_committed(
    request: CostRequest,
) -> None:
    on_demand = _cost(request.model_copy(update={"pricing_model": PricingModel.ON_DEMAND}))
    committed = _cost(request.model_copy(update={"pricing_model": PricingModel.COMMIT_3Y}))

    assert _cost(request) == _cost(request)
    assert committed.total_monthly_usd <= on_demand.total_monthly_usd


simulation_inputs = st.builds(
    SimulationInput,
    base_monthly_usd=st.floats(0, 1e7),
    variable_share=st.floats(0, 1),
    monthly_growth_mean=st.floats(-0.2, 0.3),
    monthly_growth_sd=st.floats(0, 0.2),
    base_utilisation=st.floats(0.1, 1),
    utilisation_low=st.just(0.3),
    utilisation_high=st.floats(0.3, 1),
    runs=st.integers(10, 200),
    seed=st.integers(0, 2**32),
)


@given(simulation_inputs)
def test_simulation_is_deterministic_for_a_seed(inputs: SimulationInput) -> None:
    assert simulate_costs(inputs) == simulate_costs(inputs)


@given(simulation_inputs)
def test_simulation_quantiles_are_ordered(inputs: SimulationInput) -> None:
    for h in simulate_costs(inputs).horizons:
        assert h.p10_usd <= h.p50_usd <= h.p90_usd


MODELS = [m.id for m in KB.open_models]
GPUS = [g.id for g in KB.gpus]


@settings(max_examples=200)
@given(
    model_id=st.sampled_from(MODELS),
    gpu_id=st.sampled_from(GPUS),
    tp=st.sampled_from([1, 2, 4, 8]),
    batch=st.integers(1, 64),
    rps=st.floats(0, 500),
    extra=st.floats(0, 500),
    tokens=st.tuples(st.integers(0, 8000), st.integers(1, 2000)),
)
def test_more_traffic_never_needs_fewer_replicas(
    model_id: str,
    gpu_id: str,
    tp: int,
    batch: int,
    rps: float,
    extra: float,
    tokens: tuple[int, int],
) -> None:
    model, gpu = KB.open_model(model_id), KB.gpu(gpu_id)

    def replicas(peak: float) -> int:
        traffic = TrafficProfile(
            peak_requests_per_s=peak, input_tokens=tokens[0], output_tokens=tokens[1]
        )
        return plan_capacity(model, gpu, Precision.BF16, tp, batch, traffic).replicas

    assert replicas(rps) <= replicas(rps + extra)


@given(
    model_id=st.sampled_from(MODELS),
    precision=st.sampled_from(list(Precision)),
    batch=st.integers(1, 64),
    ctx=st.integers(1, 4096),
)
def test_memory_grows_with_batch_and_context(
    model_id: str, precision: Precision, batch: int, ctx: int
) -> None:
    model = KB.open_model(model_id)
    base = estimate_inference_memory(model, precision, ctx, batch).total_gb

    assert estimate_inference_memory(model, precision, ctx, batch + 1).total_gb > base
    assert (
        estimate_inference_memory(
            model, precision, min(ctx + 1, model.context_length), batch
        ).total_gb
        >= base
    )


@given(st.sets(st.sampled_from(sorted(KB.jurisdictions())), min_size=1))
def test_residency_only_yields_regions_in_the_allowed_jurisdictions(
    jurisdictions: set[str],
) -> None:
    regions = allowed_regions(KB, jurisdictions)

    # a code is a regime (EU), a country (DE) or a sub-national area: each region answers to
    # one of the codes asked for, and each code is answered by some region
    assert all(any(r.in_jurisdiction(j) for j in jurisdictions) for r in regions)
    assert all(any(r.in_jurisdiction(j) for r in regions) for j in jurisdictions)


@given(
    tokens=st.integers(1_000_000, 10**12),
    factor=st.integers(2, 10),
    kind=st.sampled_from(list(TrainingKind)),
    instance=st.sampled_from([i.id for i in KB.instances if i.kind == "gpu"]),
)
def test_training_cost_is_linear_in_tokens(
    tokens: int, factor: int, kind: TrainingKind, instance: str
) -> None:
    def cost(t: int) -> float:
        return estimate_training(
            KB, params_b=8.03, dataset_tokens=t, kind=kind, instance_id=instance
        ).cost_per_run_usd

    assert cost(tokens * factor) == pytest.approx(factor * cost(tokens), rel=1e-9)


def test_the_fixture_and_module_knowledge_bases_agree(kb: KnowledgeBase) -> None:
    assert kb == KB
