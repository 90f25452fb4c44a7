"""Jurisdiction codes: regimes (EU, US, …), their countries and sub-national areas (DE, US-CA).

A country or state is governed by its own rules and by those of the regime it belongs to, so a
profile naming ``DE`` is assessed under German and EU rules, ``US-CA`` under Californian and US
federal ones."""

from __future__ import annotations

from collections.abc import Iterable

PARENT = {
    "US-CA": "US",
    "DE": "EU",
    "FR": "EU",
    "NL": "EU",
    "IE": "EU",
    "SE": "EU",
    "BE": "EU",
    "FI": "EU",
}


def with_parents(codes: Iterable[str]) -> frozenset[str]:
    """``codes`` plus the regime each belongs to."""
    wanted = set(codes)
    return frozenset(wanted | {PARENT[c] for c in wanted if c in PARENT})
