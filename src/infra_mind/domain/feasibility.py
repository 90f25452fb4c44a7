"""Whether an assessment found a plan that meets the request, and if not what would."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.money import usd


class FeasibilityStatus(StrEnum):
    FEASIBLE = "feasible"
    OVER_BUDGET = "over_budget"
    INFEASIBLE = "infeasible"


RemedyKind = Literal["budget", "latency_target", "smaller_model", "hosted_model"]


class Remedy(BaseModel):
    """One change to the request that moves it towards feasibility; ``value`` is the new figure
    (USD/month, ms, or billions of parameters) in ``unit``: a larger budget, a looser latency
    target, a smaller model, or buying a hosted model instead of self-hosting."""

    model_config = ConfigDict(frozen=True)

    kind: RemedyKind
    change: str
    value: float | None = None
    unit: str | None = None


class ClosestOption(BaseModel):
    """The deployment nearest to the request once the remedies are applied, with what it misses
    of the request as stated."""

    model_config = ConfigDict(frozen=True)

    provider: str
    regions: list[str] = Field(default_factory=list)
    description: str
    monthly_usd: float
    misses: list[str] = Field(default_factory=list)


class Feasibility(BaseModel):
    """``feasible``: recommendations whose total fits the budget; ``over_budget``: a plan that
    meets every other constraint but costs more than the budget; ``infeasible``: no plan meets
    the request (then ``closest`` and ``remedies`` say what would)."""

    model_config = ConfigDict(frozen=True)

    status: FeasibilityStatus
    reasons: list[str] = Field(default_factory=list)
    closest: ClosestOption | None = None
    remedies: list[Remedy] = Field(default_factory=list)

    @property
    def headline(self) -> str:
        """The status in plain words, for the first line of a summary."""
        if self.status is FeasibilityStatus.FEASIBLE:
            return "feasible: the plan below meets the request within the budget"
        if self.status is FeasibilityStatus.OVER_BUDGET:
            return "over budget: the plan below meets the request but costs more than the budget"
        return "infeasible: no deployment meets the request; nothing below is a plan"

    @classmethod
    def missing(cls, why: str) -> Feasibility:
        return cls(status=FeasibilityStatus.INFEASIBLE, reasons=[why])


def budget_remedy(total_monthly_usd: float, budget_monthly_usd: float) -> Remedy:
    gap = total_monthly_usd - budget_monthly_usd
    return Remedy(
        kind="budget",
        change=(
            f"a monthly budget of at least {usd(total_monthly_usd)} "
            f"({usd(gap)} more than {usd(budget_monthly_usd)})"
        ),
        value=round(total_monthly_usd, 2),
        unit="USD/month",
    )
