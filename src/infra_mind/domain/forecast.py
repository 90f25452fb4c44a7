"""Budget forecast: the monthly run rate projected over a horizon against the budget.

Formula (documented in docs/api.md):

    projected(m) = baseline × growth(m)

``baseline`` is the sum of the recommendations' monthly cost estimates (each
the sum of its catalog-priced line items). Each month's projection is rounded to
the cent and the cumulative total is the exact sum of those cents. ``growth(m)`` is, when the
simulation agent stored its growth model, its mean path
``(1 − v) + v × (1 + g)^m`` (``g`` = ``monthly_growth_mean``, ``v`` =
``variable_share``: only the load-driven part of the bill grows); otherwise the
input's user growth ``users_at(m) / users_at(0)`` (linear interpolation between
the given points, extended along the last segment). A month is over budget
when ``projected(m) > monthly_limit_usd``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.money import cents, total

GrowthBasis = Literal["simulation", "input_growth"]


class ForecastMonth(BaseModel):
    model_config = ConfigDict(frozen=True)

    month: int
    growth_factor: float
    projected_usd: float
    budget_usd: float
    over_budget_usd: float
    exceeded: bool
    cumulative_usd: float


class BudgetForecast(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessment_id: str
    currency: str = "USD"
    baseline_monthly_usd: float
    budget_monthly_usd: float
    budget_total_max_usd: float | None = None
    horizon_months: int
    growth_basis: GrowthBasis
    months: list[ForecastMonth]
    exceeded_months: list[int]
    first_exceeded_month: int | None = None
    total_projected_usd: float
    total_exceeds_max: bool | None = None
    formula: str = "projected(m) = baseline_monthly_usd × growth_factor(m)"


def growth_factors(
    data: AssessmentInput, horizon: int, simulation: tuple[float, float] | None = None
) -> tuple[list[float], GrowthBasis]:
    """Growth factor for months 1..horizon and where it came from.

    ``simulation`` is the simulation agent's (monthly_growth_mean, variable_share)."""
    if simulation is not None:
        g, v = simulation
        return [(1 - v) + v * (1 + g) ** m for m in range(1, horizon + 1)], "simulation"
    growth = data.business.growth
    start = growth.users_at(0)
    if start <= 0:
        return [1.0] * horizon, "input_growth"
    return [growth.users_at(m) / start for m in range(1, horizon + 1)], "input_growth"


def forecast_budget(
    assessment_id: str,
    data: AssessmentInput,
    baseline_monthly_usd: float,
    horizon: int,
    simulation: tuple[float, float] | None = None,
) -> BudgetForecast:
    factors, basis = growth_factors(data, horizon, simulation)
    budget = data.business.budget
    months: list[ForecastMonth] = []
    cumulative = 0.0
    for month, factor in enumerate(factors, start=1):
        projected = cents(baseline_monthly_usd * factor)
        cumulative = total([cumulative, projected])
        months.append(
            ForecastMonth(
                month=month,
                growth_factor=factor,
                projected_usd=projected,
                budget_usd=budget.monthly_limit_usd,
                over_budget_usd=max(0.0, cents(projected - budget.monthly_limit_usd)),
                exceeded=projected > budget.monthly_limit_usd,
                cumulative_usd=cumulative,
            )
        )
    exceeded = [m.month for m in months if m.exceeded]
    return BudgetForecast(
        assessment_id=assessment_id,
        baseline_monthly_usd=baseline_monthly_usd,
        budget_monthly_usd=budget.monthly_limit_usd,
        budget_total_max_usd=budget.total_max_usd,
        horizon_months=horizon,
        growth_basis=basis,
        months=months,
        exceeded_months=exceeded,
        first_exceeded_month=exceeded[0] if exceeded else None,
        total_projected_usd=cumulative,
        total_exceeds_max=None
        if budget.total_max_usd is None
        else cumulative > budget.total_max_usd,
    )
