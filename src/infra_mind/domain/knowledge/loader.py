"""Read the JSON catalogs shipped in ``knowledge/data`` into a validated KnowledgeBase."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.citations import foreign_sources
from infra_mind.domain.knowledge.models import (
    PROVIDERS,
    CommitmentFactors,
    InstanceType,
    Provenance,
    RegionalMultiplier,
)

DATA_FILES = (
    "gpus.json",
    "regions.json",
    "compute_aws.json",
    "compute_azure.json",
    "compute_gcp.json",
    "managed_services.json",
    "compliance.json",
    "open_models.json",
    "hosted_models.json",
)
ALL_REGIONS = "ALL"  # in compute files: offered in every catalogued region of the provider


def read_data_file(name: str) -> dict[str, Any]:
    """Parsed content of one shipped data file (package resource, no filesystem path)."""
    text = files("infra_mind.domain.knowledge").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _provenance(doc: dict[str, Any]) -> Provenance:
    source = doc["source"]
    return Provenance(
        as_of=doc["as_of"],
        source=tuple(source) if isinstance(source, list) else (source,),
        notes=doc.get("notes"),
    )


def shipped_docs() -> dict[str, dict[str, Any]]:
    """Every shipped data file, parsed (the base a refresh starts from)."""
    return {name: read_data_file(name) for name in DATA_FILES}


def load_knowledge_base() -> KnowledgeBase:
    """Load and validate the shipped catalogs; raises pydantic ``ValidationError`` on bad data.

    Pure apart from reading package resources; call once and share the result.
    """
    return build_knowledge_base(shipped_docs())


def build_knowledge_base(docs: Mapping[str, dict[str, Any]]) -> KnowledgeBase:
    """Validate parsed data files (one per name in ``DATA_FILES``) into a KnowledgeBase;
    raises ``ValueError`` (pydantic's included) on bad or foreign-sourced records."""
    regions = docs["regions.json"]["regions"]
    instances: list[InstanceType] = []
    commitments: list[CommitmentFactors] = []
    multipliers: list[RegionalMultiplier] = []
    for provider in PROVIDERS:
        doc = docs[f"compute_{provider}.json"]
        provider_regions = [r["id"] for r in regions if r["provider"] == provider]
        for raw in doc["instances"]:
            offered = provider_regions if raw["regions"] == ALL_REGIONS else raw["regions"]
            instances.append(
                InstanceType.model_validate(
                    {
                        "reference_region": doc["reference_region"],
                        "source": doc["source"][0],
                        "as_of": doc["as_of"],
                        **raw,
                        "regions": offered,
                        "provider": provider,
                    }
                )
            )
        commitments.append(
            CommitmentFactors.model_validate({**doc["commitment"], "provider": provider})
        )
        mult = doc["regional_multipliers"]
        multipliers.extend(
            RegionalMultiplier(
                region_id=region_id,
                provider=provider,
                multiplier=value,
                basis=mult["basis"],
                source=mult["source"],
            )
            for region_id, value in mult["multipliers"].items()
        )
    services = docs["managed_services.json"]
    compliance = docs["compliance.json"]
    region_sources = docs["regions.json"]["sources"]
    kb = KnowledgeBase.model_validate(
        {
            "provenance": {name: _provenance(doc) for name, doc in docs.items()},
            "gpus": docs["gpus.json"]["gpus"],
            "instances": instances,
            "commitments": commitments,
            "multipliers": multipliers,
            "regions": [{**r, "source": region_sources[r["provider"]]} for r in regions],
            "services": [
                {**svc, "eligibility_sources": services["eligibility_lists"][svc["provider"]]}
                for svc in services["services"]
            ],
            "egress_prices": services["egress"],
            "vocabulary": compliance["vocabulary"],
            "ai_use_case_risk": compliance["ai_use_case_risk"],
            "frameworks": compliance["frameworks"],
            "open_models": docs["open_models.json"]["models"],
            "hosted_models": docs["hosted_models.json"]["models"],
        }
    )
    foreign = foreign_sources(kb)
    if foreign:
        raise ValueError("records citing another provider's page: " + "; ".join(foreign))
    return kb
