"""The catalog's age on a given day, and the warning once it passes the limit."""

from __future__ import annotations

from datetime import date, timedelta

from infra_mind.domain.knowledge import KnowledgeBase
from infra_mind.domain.knowledge.age import catalog_age, prices_as_of


def test_catalog_age_is_counted_from_the_oldest_price(kb: KnowledgeBase) -> None:
    # CPU types and GCP GPU types: 2025-08-01; AWS GPU types 2026-01-21, Azure A10 2026-09-30.
    assert prices_as_of(kb) == date(2025, 8, 1)


def test_a_catalog_within_the_limit_has_no_warning(kb: KnowledgeBase) -> None:
    age = catalog_age(kb, date(2025, 8, 1) + timedelta(days=90), max_age_days=90)

    assert (age.age_days, age.stale, age.warning) == (90, False, None)


def test_a_catalog_older_than_the_limit_warns_how_to_refresh(kb: KnowledgeBase) -> None:
    age = catalog_age(kb, date(2026, 12, 2), max_age_days=90)

    assert age.stale is True
    assert age.warning == (
        "catalog prices are from 2025-08-01, 488 days old (limit 90): run `infra-mind catalog"
        " refresh --out DIR` and set INFRA_MIND_CATALOG__DIR=DIR (see docs/catalog.md)"
    )
