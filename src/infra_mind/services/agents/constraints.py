"""The constraints an analysis starts from: the compliance profile and the allowed regions."""

from __future__ import annotations

from dataclasses import dataclass

from infra_mind.domain.compliance import ComplianceProfile, known_jurisdictions
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.residency import allowed_region_ids


@dataclass(frozen=True)
class RegionScope:
    residency: tuple[str, ...] | None
    jurisdictions: tuple[str, ...]
    reason: str
    regions: frozenset[str]


def compliance_profile(kb: KnowledgeBase, data: AssessmentInput) -> ComplianceProfile:
    b, t = data.business, data.technical
    jurisdictions = {j.value for j in b.operating_regions} | {
        j.value for j in b.data_residency or ()
    }
    known = known_jurisdictions(kb)
    return ComplianceProfile(
        industry=b.industry.value,
        jurisdictions=frozenset(j for j in jurisdictions if j in known),
        data_types=frozenset(d.value for d in t.data.data_types),
        ai_use_cases=frozenset(w.use_case.value for w in t.ai_workloads),
        declared_frameworks=frozenset(f.value for f in b.compliance),
        declared_controls=frozenset(c.value for c in t.security_controls),
    )


def region_scope(kb: KnowledgeBase, data: AssessmentInput) -> RegionScope:
    """Residency restricts regions strictly (a jurisdiction with no catalogued region allows
    none); without residency the operating regions do, falling back to every region."""
    b = data.business
    residency = tuple(j.value for j in b.data_residency) if b.data_residency else None
    known = kb.jurisdictions()
    if residency:
        catalogued = [j for j in residency if j in known]
        unknown = [j for j in residency if j not in known]
        reason = "data residency requires " + ", ".join(residency)
        if unknown:
            reason += f" (no catalogued region in {', '.join(unknown)})"
        return RegionScope(residency, residency, reason, allowed_region_ids(kb, catalogued))
    scope = tuple(j.value for j in b.operating_regions)
    catalogued = [j for j in scope if j in known]
    reason = "no residency stated; regions limited to the operating regions " + ", ".join(scope)
    if not catalogued:
        reason = f"no residency stated and no catalogued region in {', '.join(scope)}; all regions"
    return RegionScope(None, scope, reason, allowed_region_ids(kb, catalogued or None))
