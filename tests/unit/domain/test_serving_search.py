"""The pruned, memoised serving search chooses exactly what the brute-force reference does."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_mind.domain.capacity import TrafficProfile
from infra_mind.domain.costing import PricingModel
from infra_mind.domain.enums import Precision
from infra_mind.domain.errors import InvalidInput
from infra_mind.domain.knowledge import load_knowledge_base
from infra_mind.domain.planning import (
    ServingRequirement,
    _choose_serving,
    best_serving,
    fastest_serving,
)
from tests.reference_search import reference_best, reference_choose_serving, reference_fastest

KB = load_knowledge_base()
GPU_INSTANCES = sorted(i.id for i in KB.instances if i.kind == "gpu")
SEARCH_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def requirements(draw: st.DrawFn) -> ServingRequirement:
    """Any catalog model at any precision, context, batch cap, traffic shape and target."""
    model = draw(st.sampled_from(KB.open_models))
    return ServingRequirement(
        model_id=model.id,
        precision=draw(st.sampled_from(list(Precision))),
        context_tokens=draw(st.integers(1, min(model.context_length, 131_072))),
        batch_size=draw(st.integers(1, 128)),
        traffic=TrafficProfile(
            peak_requests_per_s=draw(st.floats(0, 5_000, allow_nan=False)),
            input_tokens=draw(st.integers(0, 8_000)),
            output_tokens=draw(st.integers(1, 2_000)),
            p95_latency_target_ms=draw(st.none() | st.floats(20, 60_000, allow_nan=False)),
        ),
        headroom=draw(st.floats(0, 1, allow_nan=False)),
    )


@SEARCH_SETTINGS
@given(requirements(), st.sampled_from(GPU_INSTANCES))
def test_pruned_search_chooses_the_reference_configuration(
    req: ServingRequirement, instance_id: str
) -> None:
    assert reference_best(KB, req, instance_id) == best_serving(KB, req, instance_id)


@SEARCH_SETTINGS
@given(requirements(), st.sampled_from(GPU_INSTANCES))
def test_fastest_configuration_is_the_references(req: ServingRequirement, instance_id: str) -> None:
    assert reference_fastest(KB, req, instance_id) == fastest_serving(KB, req, instance_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    requirements(),
    st.sampled_from(sorted(r.id for r in KB.regions)),
    st.sampled_from(list(PricingModel)),
)
def test_cheapest_instance_in_a_region_is_the_references(
    req: ServingRequirement, region: str, pricing: PricingModel
) -> None:
    expected = reference_choose_serving(KB, req, region, pricing)
    assert expected == _choose_serving(KB, req, region, pricing)


def test_a_context_beyond_the_model_is_refused_as_the_reference_refuses_it() -> None:
    model = KB.open_models[0]
    req = ServingRequirement(
        model_id=model.id,
        context_tokens=model.context_length + 1,
        traffic=TrafficProfile(peak_requests_per_s=1, input_tokens=10, output_tokens=10),
    )
    instance_id = next(i for i in GPU_INSTANCES if KB.instance(i).gpu_model != "trainium1-32gb")

    with pytest.raises(InvalidInput) as expected:
        reference_best(KB, req, instance_id)
    with pytest.raises(InvalidInput) as actual:
        best_serving(KB, req, instance_id)
    assert expected.value.errors == actual.value.errors
