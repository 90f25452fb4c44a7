"""Seeded Monte Carlo of monthly cost over growth and utilisation: p10/p50/p90 per horizon."""

from __future__ import annotations

import math
import random

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_HORIZONS = (6, 12, 24, 36)
DEFAULT_RUNS = 2000
"""Enough runs for stable p10/p90 (the quantiles' standard error is ~1 % of the spread)."""


class SimulationInput(BaseModel):
    """Cost today and the uncertainty around how it evolves.

    ``variable_share`` of the cost scales with traffic (serving replicas, egress, tokens); the
    rest is fixed (control planes, app tier). Monthly traffic growth is drawn once per run
    from Normal(mean, sd); utilisation from Uniform(low, high), relative to ``base_utilisation``.
    """

    model_config = ConfigDict(frozen=True)

    base_monthly_usd: float = Field(ge=0)
    variable_share: float = Field(ge=0, le=1)
    monthly_growth_mean: float = Field(gt=-1, le=2)
    monthly_growth_sd: float = Field(ge=0, le=1)
    base_utilisation: float = Field(gt=0, le=1)
    utilisation_low: float = Field(gt=0, le=1)
    utilisation_high: float = Field(gt=0, le=1)
    horizons_months: tuple[int, ...] = DEFAULT_HORIZONS
    runs: int = Field(default=DEFAULT_RUNS, ge=10, le=100_000)
    seed: int = 0

    @model_validator(mode="after")
    def _ordered(self) -> SimulationInput:
        if self.utilisation_low > self.utilisation_high:
            raise ValueError("utilisation_low must not exceed utilisation_high")
        return self


class HorizonQuantiles(BaseModel):
    model_config = ConfigDict(frozen=True)

    month: int
    p10_usd: float
    p50_usd: float
    p90_usd: float


class SimulationResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    inputs: SimulationInput
    horizons: tuple[HorizonQuantiles, ...]
    formula: str
    assumptions: tuple[str, ...]


def monthly_growth_from_projection(current: float, future: float, months: int) -> float:
    """Compound monthly growth g with current × (1 + g)^months = future."""
    if current <= 0 or future <= 0 or months <= 0:
        raise ValueError("current, future and months must be positive")
    return float((future / current) ** (1 / months) - 1)


def quantile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank quantile: the ceil(q × n)-th smallest value."""
    index = max(0, math.ceil(q * len(sorted_values)) - 1)
    return sorted_values[index]


def simulate_costs(inputs: SimulationInput) -> SimulationResult:
    """cost(m) = fixed + variable × (1 + g)^m × base_utilisation / u, per run, with
    g ~ Normal(mean, sd) clipped to > −0.99 and u ~ Uniform(low, high), drawn from
    ``random.Random(seed)``: the same input and seed always give the same result."""
    rng = random.Random(inputs.seed)
    fixed = inputs.base_monthly_usd * (1 - inputs.variable_share)
    variable = inputs.base_monthly_usd * inputs.variable_share
    samples: dict[int, list[float]] = {m: [] for m in inputs.horizons_months}
    for _ in range(inputs.runs):
        g = max(-0.99, rng.gauss(inputs.monthly_growth_mean, inputs.monthly_growth_sd))
        u = rng.uniform(inputs.utilisation_low, inputs.utilisation_high)
        for m in inputs.horizons_months:
            samples[m].append(fixed + variable * (1 + g) ** m * inputs.base_utilisation / u)
    horizons = []
    for m in inputs.horizons_months:
        values = sorted(samples[m])
        horizons.append(
            HorizonQuantiles(
                month=m,
                p10_usd=quantile(values, 0.10),
                p50_usd=quantile(values, 0.50),
                p90_usd=quantile(values, 0.90),
            )
        )
    return SimulationResult(
        inputs=inputs,
        horizons=tuple(horizons),
        formula="cost(m) = fixed + variable × (1+g)^m × base_util / u",
        assumptions=(
            "growth rate drawn once per run and compounded monthly",
            "capacity scales linearly with traffic and inversely with achieved utilisation",
            "prices constant at the catalog's as-of date",
            f"{inputs.runs} runs, seed {inputs.seed}",
        ),
    )
