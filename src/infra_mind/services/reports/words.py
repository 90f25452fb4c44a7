"""Small helpers that turn stored identifiers into words a reader expects."""

from __future__ import annotations

from datetime import date

from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import Paragraph

PROVIDER_NAMES = {"aws": "AWS", "azure": "Azure", "gcp": "Google Cloud"}


def provider_name(provider: str | None) -> str:
    if provider is None:
        return "no single provider"
    return PROVIDER_NAMES.get(provider, provider)


def humanize(token: str) -> str:
    """``waf_ddos`` → ``waf ddos``: stored identifiers read as words."""
    return token.replace("_", " ")


def no_data(what: str, why: str) -> Paragraph:
    return Paragraph(text=f"No data: {what} — {why}.", tone="note")


def weeks(value: float) -> str:
    return f"{value:g} week" + ("" if value == 1 else "s")


def catalog_dates(outcome: AssessmentOutcome) -> list[date]:
    return sorted({b.cost.as_of for b in outcome.recommendations if b.cost.as_of is not None})


def catalog_age(outcome: AssessmentOutcome) -> str | None:
    """The catalog's price date and age on the day the assessment ran, with the refresh
    warning once it is stale; from the price dates on the cost estimates when the outcome
    carries no catalog age. None without either."""
    c = outcome.catalog
    if c is not None:
        text = f"catalog prices as of {c.as_of.isoformat()}, {c.age_days} days old"
        return f"{text}. Warning: {c.warning}" if c.warning else text
    dates = catalog_dates(outcome)
    if not dates:
        return None
    ran = outcome.assessment.created_at.date()
    shown = ", ".join(d.isoformat() for d in dates)
    return f"catalog prices as of {shown}, {(ran - dates[0]).days} days old"


def dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
