"""Every record of every shipped data file is valid and consistent with the others."""

from __future__ import annotations

from collections import Counter
from datetime import date
from importlib.resources import files

import pytest

from infra_mind.domain.jurisdictions import PARENT
from infra_mind.domain.knowledge import DATA_FILES, KnowledgeBase, read_data_file
from infra_mind.domain.knowledge.models import PROVIDERS


def _dupes(ids: list[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_package_resource_with_as_of_and_source(name: str) -> None:
    resource = files("infra_mind.domain.knowledge").joinpath("data", name)
    doc = read_data_file(name)

    assert resource.is_file()
    assert date.fromisoformat(doc["as_of"]) <= date.today()
    sources = doc["source"] if isinstance(doc["source"], list) else [doc["source"]]
    assert sources
    assert all(s.startswith("https://") for s in sources)


def test_every_data_file_is_loaded(kb: KnowledgeBase) -> None:
    assert set(DATA_FILES) == set(kb.provenance)


def test_ids_are_unique_within_each_catalog(kb: KnowledgeBase) -> None:
    catalogs: dict[str, list[str]] = {
        "gpus": [g.id for g in kb.gpus],
        "instances": [i.id for i in kb.instances],
        "regions": [r.id for r in kb.regions],
        "services": [s.id for s in kb.services],
        "open_models": [m.id for m in kb.open_models],
        "hosted_models": [m.id for m in kb.hosted_models],
        "frameworks": [f.id for f in kb.frameworks],
        "controls": [c.id for f in kb.frameworks for c in f.controls],
        "requirements": [r.id for f in kb.frameworks for r in f.requirements],
    }

    assert {k: _dupes(v) for k, v in catalogs.items() if _dupes(v)} == {}


def test_every_price_is_positive(kb: KnowledgeBase) -> None:
    prices = [i.on_demand_usd_per_hour for i in kb.instances]
    prices += [s.price_usd for s in kb.services]
    prices += [e.usd_per_gb for e in kb.egress_prices]
    prices += [m.input_usd_per_1m for m in kb.hosted_models]
    prices += [m.output_usd_per_1m for m in kb.hosted_models]

    assert [p for p in prices if p <= 0] == []


def test_every_referenced_region_exists_for_the_same_provider(kb: KnowledgeBase) -> None:
    by_id = {r.id: r.provider for r in kb.regions}
    bad = [
        (i.id, region)
        for i in kb.instances
        for region in (*i.regions, i.reference_region)
        if by_id.get(region) != i.provider
    ]
    bad += [
        (m.region_id, m.provider) for m in kb.multipliers if by_id.get(m.region_id) != m.provider
    ]

    assert bad == []


def test_every_region_has_a_price_multiplier(kb: KnowledgeBase) -> None:
    assert {r.id for r in kb.regions} == {m.region_id for m in kb.multipliers}


def test_reference_regions_have_multiplier_one(kb: KnowledgeBase) -> None:
    refs = {i.reference_region for i in kb.instances}

    assert {kb.multiplier(r).multiplier for r in refs} == {1.0}


def test_every_gpu_instance_names_a_known_gpu_with_matching_memory(kb: KnowledgeBase) -> None:
    gpu_ids = {g.id for g in kb.gpus}
    for inst in kb.instances:
        if inst.kind == "cpu":
            assert (inst.gpu_model, inst.gpu_count) == (None, 0), inst.id
        else:
            assert inst.gpu_model in gpu_ids, inst.id
            assert inst.gpu_count >= 1, inst.id
            assert inst.gpu_memory_gb == kb.gpu(inst.gpu_model).memory_gb, inst.id


def test_catalog_covers_required_gpu_models_on_each_provider(kb: KnowledgeBase) -> None:
    offered = {i.gpu_model for i in kb.instances}
    required = {
        "h100-sxm-80gb", "a100-sxm-40gb", "a100-sxm-80gb", "l40s-48gb", "l4-24gb",
        "a10g-24gb", "t4-16gb", "inferentia2-32gb", "trainium1-32gb",
    }  # fmt: skip

    assert required <= offered
    for provider in PROVIDERS:
        assert kb.instances_for(provider=provider, kind="cpu"), provider
        assert kb.instances_for(provider=provider, gpu_model="h100-sxm-80gb"), provider


def test_aws_p4_p5_use_post_june_2025_prices(kb: KnowledgeBase) -> None:
    # AWS cut P4/P5 on-demand prices on 2025-06-05: p5.48xlarge 98.32 → 55.04, p4d 32.77 → 21.96.
    assert kb.instance("p5.48xlarge").on_demand_usd_per_hour == 55.04
    assert kb.instance("p4d.24xlarge").on_demand_usd_per_hour == 21.957642


def test_every_provider_has_commitments_egress_and_each_service_category(kb: KnowledgeBase) -> None:
    categories = {
        "kubernetes", "serverless_containers", "ml_platform", "model_endpoint", "object_storage",
        "vector_search", "relational_db", "cache", "queue", "monitoring", "secrets", "waf_ddos",
    }  # fmt: skip
    for provider in PROVIDERS:
        c = kb.commitment(provider)
        assert c.spot_factor < c.commit_3y_factor < c.commit_1y_factor < 1
        assert kb.egress(provider).usd_per_gb > 0
        assert {s.category for s in kb.services_for(provider=provider)} == categories


def test_gpu_specs_are_dense_and_ordered_sensibly(kb: KnowledgeBase) -> None:
    for g in kb.gpus:
        assert g.memory_bandwidth_gbps > 0
        assert g.bf16_fp16_dense_tflops > 0
        if g.fp8_dense_tflops is not None:
            assert g.fp8_dense_tflops >= g.bf16_fp16_dense_tflops
    # Dense, not sparse: NVIDIA quotes 1979 (sparse) for H100 SXM BF16.
    assert kb.gpu("h100-sxm-80gb").bf16_fp16_dense_tflops < 1000


def test_compliance_controls_use_the_declared_vocabulary(kb: KnowledgeBase) -> None:
    vocab = set(kb.vocabulary.declared_controls)
    expected = {
        "encryption_at_rest", "encryption_in_transit", "mfa", "sso", "rbac",
        "audit_logging", "network_isolation", "dlp", "backups",
    }  # fmt: skip

    assert vocab == expected
    for fw in kb.frameworks:
        req_ids = {r.id for r in fw.requirements}
        for c in fw.controls:
            assert set(c.satisfied_by) <= vocab
            assert c.requirement_id in req_ids, c.id
        for rule in fw.rules:
            assert set(rule.industries or ()) <= set(kb.vocabulary.industries)
            assert set(rule.data_types or ()) <= set(kb.vocabulary.data_types)
            assert set(rule.jurisdictions or ()) <= kb.jurisdictions() | set(PARENT)
            assert set(rule.ai_use_cases or ()) <= set(kb.ai_use_case_risk.levels)
    assert {f.id for f in kb.frameworks} == {
        "gdpr", "hipaa", "soc2", "iso27001", "pci_dss", "ccpa", "eu_ai_act",
        "eu_mdr", "pipeda", "pdpa_sg", "glba", "lgpd", "dora",
    }  # fmt: skip
    assert {f.id for f in kb.frameworks if f.kind == "attestation"} == {"soc2", "iso27001"}


def test_vocabularies_match_the_input_enums(kb: KnowledgeBase) -> None:
    from infra_mind.domain.enums import AIUseCase, DataSensitivity, Industry, SecurityControl

    assert set(kb.vocabulary.industries) == {i.value for i in Industry}
    assert set(kb.vocabulary.data_types) == {d.value for d in DataSensitivity}
    assert set(kb.vocabulary.declared_controls) == {c.value for c in SecurityControl}
    assert set(kb.ai_use_case_risk.levels) == {u.value for u in AIUseCase}


def test_open_models_have_consistent_architecture(kb: KnowledgeBase) -> None:
    for m in kb.open_models:
        assert m.attention_heads % m.kv_heads == 0, m.id
        if m.active_params_b is not None:
            assert m.active_params_b < m.params_b, m.id


def test_hosted_models_on_clouds_name_their_provider(kb: KnowledgeBase) -> None:
    cloud_platforms = {"aws_bedrock": "aws", "azure_openai": "azure", "gcp_vertex": "gcp"}
    for m in kb.hosted_models:
        assert m.cloud_provider == cloud_platforms.get(m.platform), m.id
        assert set(m.processing_jurisdictions) <= kb.jurisdictions(), m.id


def test_resolve_and_provenance_for_every_kind(kb: KnowledgeBase) -> None:
    refs = [
        "gpu:l4-24gb", "instance:g6.xlarge", "region:eu-west-1", "service:aws-eks", "egress:gcp",
        "commitment:azure", "multiplier:westeurope", "open_model:llama-3.1-8b",
        "hosted_model:openai:gpt-4o", "framework:hipaa",
    ]  # fmt: skip

    assert [type(kb.resolve(r)).__name__ for r in refs]
    assert {kb.provenance_of(r).as_of for r in refs} == {date(2025, 8, 1)}
