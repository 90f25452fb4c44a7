"""Properties of the synthesis output over inputs varied from the shipped examples."""

from __future__ import annotations

from typing import Any

import anyio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_mind.domain.enums import Framework
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.money import cents, total
from tests.factories import EXAMPLES, example_document
from tests.unit.services.agents.harness import KB, Run, normalised, regions_of, run

PROPERTY_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
OPEN_MODELS = sorted({(m.family, m.params_b) for m in KB.open_models})
TRAFFIC_SCALES = (0.1, 0.5, 1.0, 2.0, 4.0)
PRECISIONS = (None, "bf16", "fp16", "fp8", "int8", "int4")
CLOUDS = ("aws", "azure", "gcp")
ANY_RESIDENCY = st.sampled_from(("EU", "US", None))
ANY_COMPLIANCE = st.frozensets(st.sampled_from([f.value for f in Framework]))


def _scale_traffic(doc: dict[str, Any], scale: float) -> None:
    for w in doc["technical"]["ai_workloads"]:
        inf = w.get("inference")
        if inf is not None:
            inf["requests_per_s_avg"] *= scale
            inf["requests_per_s_peak"] *= scale


def _set_model(doc: dict[str, Any], family: str, params_b: float, precision: str | None) -> None:
    for w in doc["technical"]["ai_workloads"]:
        if w["model"].get("parameters_b") is None:
            continue
        w["model"] |= {"family": family, "parameters_b": params_b}
        w.pop("precision", None)
        if precision is not None:
            w["precision"] = precision


def _set_residency(doc: dict[str, Any], residency: str | None) -> None:
    b = doc["business"]
    if residency is None:
        b.pop("data_residency", None)
        return
    b["data_residency"] = [residency]
    if residency not in b["operating_regions"]:
        b["operating_regions"] = [*b["operating_regions"], residency]


@st.composite
def inputs(
    draw: st.DrawFn,
    residency: st.SearchStrategy[str | None] = ANY_RESIDENCY,
    compliance: st.SearchStrategy[frozenset[str]] = ANY_COMPLIANCE,
) -> AssessmentInput:
    """A shipped example with traffic, budget, residency, compliance, preferred clouds,
    precision and model size varied over valid values."""
    doc = example_document(draw(st.sampled_from(EXAMPLES)))
    _scale_traffic(doc, draw(st.sampled_from(TRAFFIC_SCALES)))
    doc["business"]["budget"]["monthly_limit_usd"] = draw(st.integers(500, 200_000))
    _set_residency(doc, draw(residency))
    doc["business"]["compliance"] = sorted(draw(compliance))
    doc["business"]["preferred_clouds"] = draw(
        st.lists(st.sampled_from(CLOUDS), unique=True, max_size=3)
    )
    family, params_b = draw(st.sampled_from(OPEN_MODELS))
    _set_model(doc, family, params_b, draw(st.sampled_from(PRECISIONS)))
    return AssessmentInput.model_validate(doc)


def _run(data: AssessmentInput, aid: str = "p") -> Run:
    async def go() -> Run:
        return await run(data, aid)

    result: Run = anyio.run(go)
    assert all(r.ok for r in result.results), [r.error for r in result.results if not r.ok]
    if result.facts("synthesis")["provider"] is not None:
        assert result.bundles
    return result


@PROPERTY_SETTINGS
@given(inputs())
def test_each_recommendations_cost_is_the_sum_of_its_line_items(data: AssessmentInput) -> None:
    for b in _run(data).bundles:
        assert b.cost.line_items
        assert b.cost.monthly_total_usd == total(
            cents(i.quantity * i.unit_price_usd) for i in b.cost.line_items
        )


@PROPERTY_SETTINGS
@given(inputs())
def test_every_line_item_resolves_to_a_catalog_record(data: AssessmentInput) -> None:
    for b in _run(data).bundles:
        for item in b.cost.line_items:
            assert KB.resolve(item.catalog_ref)
            provenance = KB.provenance_of(item.catalog_ref)
            assert provenance.as_of is not None
            assert provenance.source


@PROPERTY_SETTINGS
@given(inputs())
def test_results_are_deterministic_for_a_given_input(data: AssessmentInput) -> None:
    assert normalised(_run(data, "same")) == normalised(_run(data, "same"))


@PROPERTY_SETTINGS
@given(inputs(residency=st.just("EU")))
def test_eu_only_residency_never_yields_a_non_eu_region(data: AssessmentInput) -> None:
    r = _run(data)
    synthesis, infrastructure = r.facts("synthesis"), r.facts("infrastructure")
    regions = set().union(*(regions_of(b) for b in r.bundles))
    regions |= {x for b in r.bundles for x in b.compliance.allowed_regions}
    regions |= {x for x in (synthesis["region"], infrastructure["dr"]["standby_region"]) if x}
    regions |= {x for c in r.facts("cloud_engineer")["comparison"] for x in c["regions"]}
    regions |= {x for s in r.facts("simulation")["scenarios"] for x in s["regions"] if x}
    regions |= set(infrastructure["regions"])
    assert {KB.region(x).jurisdiction for x in regions} <= {"EU"}


@PROPERTY_SETTINGS
@given(inputs(compliance=ANY_COMPLIANCE.map(lambda s: s | {"hipaa"})))
def test_hipaa_work_uses_only_baa_eligible_services(data: AssessmentInput) -> None:
    for b in _run(data).bundles:
        for item in b.cost.line_items:
            kind, _, key = item.catalog_ref.partition(":")
            if kind == "service":
                assert KB.service(key).eligibility.hipaa_baa, item.catalog_ref
            if kind == "hosted_model":
                assert KB.hosted_model(key).hipaa_baa, item.catalog_ref
