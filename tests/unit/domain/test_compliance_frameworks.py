"""Goldens for the frameworks added with issue 12, attestations, exemptions and jurisdiction
codes below the regime level."""

from __future__ import annotations

from infra_mind.domain.compliance import ComplianceProfile, assess_compliance
from infra_mind.domain.costing import eligible_services
from infra_mind.domain.knowledge import KnowledgeBase
from infra_mind.domain.residency import allowed_region_ids


def _ids(kb: KnowledgeBase, **profile: object) -> list[str]:
    findings = assess_compliance(kb, ComplianceProfile.model_validate(profile))
    return [f.framework_id for f in findings.applicable]


def test_a_canadian_customer_triggers_pipeda(kb: KnowledgeBase) -> None:
    ids = _ids(kb, industry="retail", jurisdictions={"CA"}, data_types={"personal"})

    assert ids == ["pipeda"]


def test_an_eu_medical_triage_device_triggers_mdr_and_the_ai_act(kb: KnowledgeBase) -> None:
    findings = assess_compliance(
        kb,
        ComplianceProfile(
            industry="healthcare",
            jurisdictions=frozenset({"DE"}),
            data_types=frozenset({"health"}),
            ai_use_cases=frozenset({"medical_triage"}),
        ),
    )
    by_id = {f.framework_id: f for f in findings.applicable}

    assert list(by_id) == ["gdpr", "eu_ai_act", "eu_mdr"]
    assert "Rule 11" in by_id["eu_mdr"].reasons[0]


def test_medical_triage_outside_the_eu_does_not_trigger_mdr(kb: KnowledgeBase) -> None:
    ids = _ids(kb, industry="healthcare", jurisdictions={"JP"}, ai_use_cases={"medical_triage"})

    assert "eu_mdr" not in ids


def test_a_hipaa_covered_insurer_gets_ccpa_with_the_phi_exemption_stated(kb: KnowledgeBase) -> None:
    findings = assess_compliance(
        kb,
        ComplianceProfile(
            industry="insurance",
            jurisdictions=frozenset({"US-CA"}),
            data_types=frozenset({"personal", "health"}),
        ),
    )
    by_id = {f.framework_id: f for f in findings.applicable}

    assert list(by_id) == ["hipaa", "ccpa", "glba"]
    assert by_id["ccpa"].exemptions == (
        "protected health information collected by a HIPAA covered entity or business"
        " associate, and medical information governed by California's CMIA, is exempt from the"
        " CCPA (Cal. Civ. Code 1798.145(c)(1)); the CCPA still covers the organisation's other"
        " personal information",
    )
    assert any("US-CA" in r or "California" in r for r in by_id["ccpa"].reasons)


def test_ccpa_without_hipaa_has_no_phi_exemption(kb: KnowledgeBase) -> None:
    findings = assess_compliance(
        kb,
        ComplianceProfile(
            industry="retail", jurisdictions=frozenset({"US"}), data_types=frozenset({"personal"})
        ),
    )

    assert [(f.framework_id, f.exemptions) for f in findings.applicable] == [("ccpa", ())]


def test_singapore_brazil_and_eu_finance_trigger_pdpa_lgpd_and_dora(kb: KnowledgeBase) -> None:
    assert _ids(kb, industry="retail", jurisdictions={"SG"}, data_types={"personal"}) == ["pdpa_sg"]
    assert _ids(kb, industry="retail", jurisdictions={"BR"}, data_types={"personal"}) == ["lgpd"]
    assert "dora" in _ids(kb, industry="finance", jurisdictions={"FR"})


def test_us_bank_with_customer_data_triggers_glba(kb: KnowledgeBase) -> None:
    assert "glba" in _ids(kb, industry="finance", jurisdictions={"US"}, data_types={"financial"})


def test_soc2_is_an_attestation_suggested_not_imposed_unless_declared(kb: KnowledgeBase) -> None:
    undeclared = assess_compliance(
        kb, ComplianceProfile(industry="technology", jurisdictions=frozenset({"US"}))
    )
    declared = assess_compliance(
        kb,
        ComplianceProfile(
            industry="technology",
            jurisdictions=frozenset({"US"}),
            declared_frameworks=frozenset({"soc2"}),
        ),
    )

    assert [f.framework_id for f in undeclared.applicable] == []
    assert [f.framework_id for f in undeclared.suggested_attestations] == ["soc2"]
    assert undeclared.required_service_eligibility == frozenset()
    assert [(f.framework_id, f.kind) for f in declared.applicable] == [("soc2", "attestation")]
    assert "not a legal duty" in declared.applicable[0].reasons[0]


def test_a_country_code_limits_residency_to_that_countrys_regions(kb: KnowledgeBase) -> None:
    # Catalogued German regions: AWS eu-central-1, Azure germanywestcentral, GCP europe-west3.
    assert allowed_region_ids(kb, ["DE"]) == {"eu-central-1", "germanywestcentral", "europe-west3"}


def test_hipaa_exclusion_cites_the_providers_hipaa_list(kb: KnowledgeBase) -> None:
    _, excluded = eligible_services(kb, "gcp", "model_endpoint", ["hipaa_baa"])

    assert [e.catalog_ref for e in excluded] == ["service:gcp-gemini-developer-api"]
    assert "https://cloud.google.com/security/compliance/hipaa#covered-products" in (
        excluded[0].reason
    )
