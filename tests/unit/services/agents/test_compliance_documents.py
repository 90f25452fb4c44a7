"""The compliance assessment stored with each recommendation lists what eligibility rules out."""

from __future__ import annotations

import pytest

from infra_mind.domain.input import AssessmentInput
from tests.factories import example_document
from tests.unit.services.agents.harness import run

pytestmark = pytest.mark.anyio


async def test_hipaa_assessments_list_the_hosted_models_without_a_baa() -> None:
    doc = example_document()
    doc["business"]["compliance"].append("hipaa")
    r = await run(AssessmentInput.model_validate(doc))
    listed = r.facts("compliance")["ineligible_services"]
    assert "hosted_model:openai:gpt-4o: no HIPAA BAA" in listed
    assert all(b.compliance.ineligible_services == listed for b in r.bundles)


async def test_pci_assessments_on_gcp_list_the_service_lacking_pci_eligibility() -> None:
    doc = example_document()
    doc["business"]["preferred_clouds"] = ["gcp"]
    r = await run(AssessmentInput.model_validate(doc))
    listed = r.facts("compliance")["ineligible_services"]
    assert listed == [
        "service:gcp-gemini-developer-api: not pci_dss, soc2 eligible (provider's list:"
        " pci_dss: https://cloud.google.com/security/compliance/pci-dss as of 2025-08-01;"
        " soc2: https://cloud.google.com/security/compliance/soc-2 as of 2025-08-01)"
    ]
    assert all(b.compliance.ineligible_services == listed for b in r.bundles)
