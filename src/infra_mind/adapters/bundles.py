"""Checks shared by the stores that keep a bundle's four documents apart."""

from __future__ import annotations

from collections.abc import Sequence

from infra_mind.domain.recommendation import RecommendationBundle


def checked_bundles(
    tenant_id: str, assessment_id: str, bundles: Sequence[RecommendationBundle]
) -> list[RecommendationBundle]:
    """The bundles ranked, after checking each belongs to the tenant and assessment
    named and that its recommendation points at the three documents beside it.

    A store that joins the documents back by id would otherwise lose a bundle
    silently, or file it under another tenant; raising ValueError names the bug.
    """
    for bundle in bundles:
        rec = bundle.recommendation
        problems = [
            f"{doc_kind} {doc.id!r} is {what}"
            for doc_kind, doc, ref in (
                ("recommendation", rec, rec.id),
                ("cost estimate", bundle.cost, rec.cost_estimate_id),
                ("compliance assessment", bundle.compliance, rec.compliance_assessment_id),
                ("implementation plan", bundle.plan, rec.implementation_plan_id),
            )
            for what, bad in (
                (f"for tenant {doc.tenant_id!r}", doc.tenant_id != tenant_id),
                (f"for assessment {doc.assessment_id!r}", doc.assessment_id != assessment_id),
                (f"not the one the recommendation names ({ref!r})", doc.id != ref),
            )
            if bad
        ]
        problems += [
            f"{kind} belongs to recommendation {doc.recommendation_id!r}"
            for kind, doc in (
                ("cost estimate", bundle.cost),
                ("compliance assessment", bundle.compliance),
                ("implementation plan", bundle.plan),
            )
            if doc.recommendation_id != rec.id
        ]
        if problems:
            raise ValueError(
                f"bundle for recommendation {rec.id!r} cannot be stored under "
                f"{tenant_id}/{assessment_id}: " + "; ".join(problems)
            )
    return sorted(bundles, key=lambda b: (b.recommendation.rank, b.recommendation.id))
