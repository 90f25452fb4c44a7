"""How old the catalog's prices are, and the warning to show once they are older than allowed."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.knowledge.base import KnowledgeBase

DEFAULT_MAX_AGE_DAYS = 90
REFRESH_HINT = (
    "run `infra-mind catalog refresh --out DIR` and set INFRA_MIND_CATALOG__DIR=DIR"
    " (see docs/catalog.md)"
)


class CatalogAge(BaseModel):
    """The oldest instance price in the catalog (what ``catalog refresh`` renews), its age on a
    given day, and whether it is stale."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    age_days: int
    max_age_days: int = Field(ge=1)
    stale: bool
    warning: str | None


def prices_as_of(kb: KnowledgeBase) -> date:
    """Oldest as-of date of any instance price in the catalog."""
    return min(i.as_of for i in kb.instances)


def catalog_age(
    kb: KnowledgeBase, today: date, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> CatalogAge:
    as_of = prices_as_of(kb)
    age = (today - as_of).days
    stale = age > max_age_days
    warning = (
        f"catalog prices are from {as_of.isoformat()}, {age} days old (limit {max_age_days}):"
        f" {REFRESH_HINT}"
        if stale
        else None
    )
    return CatalogAge(
        as_of=as_of, age_days=age, max_age_days=max_age_days, stale=stale, warning=warning
    )
