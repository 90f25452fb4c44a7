"""Every catalog record cites a page of its own provider, with its own as-of date."""

from __future__ import annotations

from datetime import date

from infra_mind.domain.knowledge import KnowledgeBase
from infra_mind.domain.knowledge.citations import foreign_sources
from infra_mind.domain.knowledge.sources import is_own_page


def test_no_record_of_one_provider_cites_a_page_of_another(kb: KnowledgeBase) -> None:
    assert foreign_sources(kb) == []


def test_a_record_citing_another_providers_page_is_reported(kb: KnowledgeBase) -> None:
    azure_vm = kb.instance("Standard_D2s_v5").model_copy(
        update={"source": "https://aws.amazon.com/ec2/pricing/on-demand/"}
    )
    instances = tuple(azure_vm if i.id == azure_vm.id else i for i in kb.instances)
    tampered = kb.model_copy(update={"instances": instances})

    assert foreign_sources(tampered) == [
        "instance:Standard_D2s_v5 cites https://aws.amazon.com/ec2/pricing/on-demand/"
    ]


def test_a100_cites_nvidias_a100_page_not_the_h100_page(kb: KnowledgeBase) -> None:
    assert str(kb.citation("gpu:a100-sxm-80gb").source) == (
        "https://www.nvidia.com/en-us/data-center/a100/"
    )


def test_azure_and_gcp_regions_and_services_cite_their_own_provider(kb: KnowledgeBase) -> None:
    refs = {
        "region:westeurope": "azure",
        "service:azure-aks": "azure",
        "egress:azure": "azure",
        "region:europe-west4": "gcp",
        "service:gcp-gke": "gcp",
        "multiplier:europe-west4": "gcp",
    }

    cited = {r: is_own_page(owner, str(kb.citation(r).source)) for r, owner in refs.items()}

    assert cited == dict.fromkeys(refs, True)


def test_an_instance_cites_its_own_as_of_date(kb: KnowledgeBase) -> None:
    # GPU prices were re-read from AWS's price list on 2026-01-21; the file date is 2025-08-01.
    assert kb.citation("instance:p5.48xlarge").as_of == date(2026, 1, 21)
    assert kb.provenance_of("instance:p5.48xlarge").as_of == date(2025, 8, 1)


def test_published_regional_prices_are_positive_and_only_for_offered_regions(
    kb: KnowledgeBase,
) -> None:
    bad = [
        (i.id, region, price)
        for i in kb.instances
        for region, price in i.region_prices.items()
        if region not in i.regions or price <= 0
    ]

    assert bad == []
