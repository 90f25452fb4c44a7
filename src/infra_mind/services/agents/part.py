"""A priced part of the plan: its cost specs and the line items they price to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from infra_mind.domain.money import total
from infra_mind.domain.recommendation import LineItem


@dataclass(frozen=True)
class Priced:
    line_items: tuple[LineItem, ...]
    as_of: date | None
    notes: tuple[str, ...]

    @property
    def monthly_usd(self) -> float:
        """The exact sum of the line items' cent amounts."""
        return total(i.monthly_usd for i in self.line_items)


@dataclass(frozen=True)
class Part:
    """One complementary part of the chosen deployment (``serving:<workload>``, ``platform``,
    ``security``, ``data``, ``mlops:<workload>``, ``dr:standby``); the plan's total is the sum of
    its parts, each the sum of its line items."""

    key: str
    specs: list[dict[str, Any]]
    priced: Priced
    optional: bool = False

    @property
    def monthly_usd(self) -> float:
        return self.priced.monthly_usd


@dataclass(frozen=True)
class Trim:
    """An optional part left out because the plan exceeded the budget with it."""

    key: str
    reason: str
