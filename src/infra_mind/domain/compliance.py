"""Compliance mapping: applicable frameworks with reasons, control gaps, service eligibility."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.jurisdictions import PARENT, with_parents
from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.knowledge.models import (
    ApplicabilityRule,
    DeclaredControl,
    EligibilityFlag,
    FrameworkId,
    Severity,
)

SEVERITY_ORDER: dict[Severity, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}
AI_RISK_ORDER = ("minimal", "limited", "high", "prohibited")


class ComplianceProfile(BaseModel):
    """What the organisation does and declares; strings use the compliance vocabulary."""

    model_config = ConfigDict(frozen=True)

    industry: str
    jurisdictions: frozenset[str]
    data_types: frozenset[str] = frozenset()
    ai_use_cases: frozenset[str] = frozenset()
    ai_risk_level: str | None = None
    declared_frameworks: frozenset[str] = frozenset()
    declared_controls: frozenset[str] = frozenset()


class ApplicableFramework(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework_id: FrameworkId
    name: str
    kind: str = "obligation"
    reasons: tuple[str, ...]
    exemptions: tuple[str, ...] = ()
    catalog_ref: str


class ControlGap(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework_id: FrameworkId
    control_id: str
    description: str
    severity: Severity
    missing_controls: tuple[DeclaredControl, ...]
    requirement_id: str


class ComplianceFindings(BaseModel):
    model_config = ConfigDict(frozen=True)

    profile: ComplianceProfile
    ai_risk_level: str
    applicable: tuple[ApplicableFramework, ...]
    suggested_attestations: tuple[ApplicableFramework, ...] = ()
    gaps: tuple[ControlGap, ...]
    met_controls: tuple[str, ...]
    required_service_eligibility: frozenset[EligibilityFlag]
    assumptions: tuple[str, ...]


def _validate(kb: KnowledgeBase, p: ComplianceProfile) -> None:
    v = kb.vocabulary
    frameworks = {f.id for f in kb.frameworks}
    checks: list[tuple[str, Iterable[str], Iterable[str]]] = [
        ("industry", [p.industry], v.industries),
        ("data_types", p.data_types, v.data_types),
        ("ai_use_cases", p.ai_use_cases, kb.ai_use_case_risk.levels),
        ("ai_risk_level", [p.ai_risk_level] if p.ai_risk_level else [], v.ai_risk_levels),
        ("declared_frameworks", p.declared_frameworks, frameworks),
        ("declared_controls", p.declared_controls, v.declared_controls),
        ("jurisdictions", p.jurisdictions, known_jurisdictions(kb)),
    ]
    errors = [
        FieldError(path, f"unknown value (expected one of {sorted(set(allowed))})", value)
        for path, values, allowed in checks
        for value in sorted(values)
        if value not in set(allowed)
    ]
    if errors:
        raise InvalidInput(errors, source="compliance profile")


def known_jurisdictions(kb: KnowledgeBase) -> frozenset[str]:
    """Codes a profile may name: every region's, every rule's, and the sub-national ones."""
    in_rules = {j for fw in kb.frameworks for r in fw.rules for j in r.jurisdictions or ()}
    return kb.jurisdictions() | in_rules | set(PARENT)


def ai_risk_level(kb: KnowledgeBase, use_cases: Iterable[str], declared: str | None = None) -> str:
    """Highest EU AI Act tier among the use cases (catalog mapping) and the declared level."""
    levels = [kb.ai_use_case_risk.levels[u] for u in use_cases]
    if declared:
        levels.append(declared)
    return max(levels, key=AI_RISK_ORDER.index, default="minimal")


def _matches(rule: ApplicabilityRule, p: ComplianceProfile, risk: str) -> bool:
    dims = (
        (rule.industries, {p.industry}),
        (rule.jurisdictions, p.jurisdictions),
        (rule.data_types, p.data_types),
        (rule.ai_risk_levels, {risk}),
        (rule.ai_use_cases, p.ai_use_cases),
    )
    return all(wanted is None or set(wanted) & have for wanted, have in dims)


_DECLARED = {
    "obligation": "declared by the organisation",
    "attestation": "requested of the organisation (declared): an attestation its customers ask"
    " for, not a legal duty",
}


def _with_exemptions(
    kb: KnowledgeBase, applicable: list[ApplicableFramework], p: ComplianceProfile
) -> list[ApplicableFramework]:
    """Each framework with the exemptions that hold because another applicable framework
    already governs part of its scope (e.g. CCPA for PHI under HIPAA)."""
    ids = {a.framework_id for a in applicable}
    out = []
    for a in applicable:
        held = tuple(
            e.reason
            for e in kb.framework(a.framework_id).exemptions
            if ids & set(e.when_applicable)
            and (e.data_types is None or set(e.data_types) & p.data_types)
        )
        out.append(a.model_copy(update={"exemptions": held}) if held else a)
    return out


def assess_compliance(kb: KnowledgeBase, profile: ComplianceProfile) -> ComplianceFindings:
    """An obligation applies when declared or when any of its rules matches (every non-null
    dimension of the rule intersects the profile; jurisdictions count with their parent regime,
    so DE matches EU rules). An attestation (SOC 2, ISO 27001) applies only when declared; a
    matching rule makes it a suggestion. Exemptions another applicable framework triggers are
    stated on the framework they narrow. For each applicable framework, a technical control is
    a gap when any of its ``satisfied_by`` controls is not declared; gaps are sorted critical
    first. Required service eligibility = the flags of applicable frameworks."""
    _validate(kb, profile)
    profile = profile.model_copy(update={"jurisdictions": with_parents(profile.jurisdictions)})
    risk = ai_risk_level(kb, profile.ai_use_cases, profile.ai_risk_level)
    applicable: list[ApplicableFramework] = []
    suggested: list[ApplicableFramework] = []
    gaps: list[ControlGap] = []
    met: list[str] = []
    flags: set[EligibilityFlag] = set()
    for fw in kb.frameworks:
        reasons = [r.reason for r in fw.rules if _matches(r, profile, risk)]
        declared = fw.id in profile.declared_frameworks
        if declared:
            reasons.insert(0, _DECLARED[fw.kind])
        if not reasons:
            continue
        found = ApplicableFramework(
            framework_id=fw.id,
            name=fw.name,
            kind=fw.kind,
            reasons=tuple(reasons),
            catalog_ref=ref("framework", fw.id),
        )
        if fw.kind == "attestation" and not declared:
            suggested.append(found)
            continue
        applicable.append(found)
        if fw.service_eligibility_flag:
            flags.add(fw.service_eligibility_flag)
        for c in fw.controls:
            if c.ai_risk_levels is not None and risk not in c.ai_risk_levels:
                continue
            missing = tuple(s for s in c.satisfied_by if s not in profile.declared_controls)
            if missing:
                gaps.append(
                    ControlGap(
                        framework_id=fw.id,
                        control_id=c.id,
                        description=c.description,
                        severity=c.severity,
                        missing_controls=missing,
                        requirement_id=c.requirement_id,
                    )
                )
            else:
                met.append(c.id)
    applicable = _with_exemptions(kb, applicable, profile)
    gaps.sort(key=lambda g: (SEVERITY_ORDER[g.severity], g.framework_id, g.control_id))
    return ComplianceFindings(
        profile=profile,
        ai_risk_level=risk,
        applicable=tuple(applicable),
        suggested_attestations=tuple(suggested),
        gaps=tuple(gaps),
        met_controls=tuple(met),
        required_service_eligibility=frozenset(flags),
        assumptions=(
            "declared controls are taken as implemented; evidence is not verified",
            "organisational requirements (policies, DPIA, contracts) are listed, not scored",
            "decision support, not legal advice",
        ),
    )
