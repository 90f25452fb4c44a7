"""Synthesis, first half: merge the analysts' drafts and exclude what the constraints rule out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from infra_mind.domain.fact_rows import ExcludedRow
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.results import AgentResult, DraftRecommendation
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.common import money
from infra_mind.services.agents.costs import price
from infra_mind.services.agents.part import Priced


@dataclass(frozen=True)
class Candidate:
    """A merged draft, the analysts who proposed it, and its line items priced again."""

    draft: DraftRecommendation
    agents: tuple[str, ...]
    priced: Priced

    @property
    def monthly_usd(self) -> float:
        return self.priced.monthly_usd


def merge_drafts(
    upstream: Mapping[str, AgentResult], analysts: tuple[str, ...]
) -> dict[str, tuple[DraftRecommendation, list[str]]]:
    """Drafts by key; a component proposed twice keeps the first draft and credits both."""
    merged: dict[str, tuple[DraftRecommendation, list[str]]] = {}
    for node in analysts:
        result = upstream.get(node)
        if result is None or not result.ok:
            continue
        for d in result.recommendations:
            if d.key in merged:
                merged[d.key][1].append(node)
            else:
                merged[d.key] = (d, [node])
    return merged


def is_ineligible(kb: KnowledgeBase, a: Analysis, catalog_ref: str) -> bool:
    """A service lacking a required flag, or a hosted model without a BAA under HIPAA."""
    kind, _, key = catalog_ref.partition(":")
    if kind == "service":
        return not all(kb.service(key).eligibility.has(f) for f in a.flags)
    if kind == "hosted_model":
        return a.hipaa and not kb.hosted_model(key).hipaa_baa
    return False


def ineligible_refs(kb: KnowledgeBase, a: Analysis, priced: Priced) -> list[str]:
    refs = (i.catalog_ref for i in priced.line_items)
    return list(dict.fromkeys(r for r in refs if is_ineligible(kb, a, r)))


def screen(
    kb: KnowledgeBase,
    a: Analysis,
    merged: Mapping[str, tuple[DraftRecommendation, list[str]]],
) -> tuple[list[Candidate], list[ExcludedRow]]:
    """Re-prices every draft and drops those outside the allowed regions or eligibility."""
    kept: list[Candidate] = []
    excluded: list[ExcludedRow] = []
    for key in sorted(merged):
        d, agents = merged[key]
        bad_regions = [r for r in d.regions if r not in a.allowed_regions]
        if bad_regions:
            reason = f"regions {bad_regions} outside {a.region_scope_reason}"
            excluded.append(ExcludedRow(key=key, reason=reason))
            continue
        priced = price(kb, d.data.get("cost_specs", []))
        bad = ineligible_refs(kb, a, priced)
        if bad:
            excluded.append(ExcludedRow(key=key, reason=f"services {bad} lack {sorted(a.flags)}"))
            continue
        kept.append(Candidate(d, tuple(agents), priced))
    return kept, excluded


def provider_exclusions(a: Analysis) -> list[ExcludedRow]:
    """Why each provider other than the chosen one was not used."""
    out: list[ExcludedRow] = []
    for p in a.plans:
        if a.chosen is not None and p.provider == a.chosen.provider:
            continue
        if p.infeasible_reason:
            why = p.infeasible_reason
        elif a.chosen is not None:
            why = (
                f"{money(p.total_monthly_usd or 0)} vs "
                f"{money(a.chosen.total_monthly_usd or 0)} for {a.chosen.provider}"
            )
        else:
            why = "not chosen"
        prefix = "not preferred; " if p.provider not in a.considered else ""
        out.append(ExcludedRow(key=f"provider:{p.provider}", reason=prefix + why))
    return out
