"""The rows inside agents' facts: one typed model per row shape.

A fact that is a list or a nested object (capacity, the provider comparison, the ranking…) is
a model here, not a free ``dict``: an agent that produces a renamed, missing or extra key fails
where it produces it, and every reader — other agents, the chat and insight services, the
reports — reads the same fields. Money keeps full precision; rounding happens at the edges.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.simulation import HorizonQuantiles

JsonScalar = str | int | float | bool | None


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WorkloadRow(Row):
    """A workload as validated: its traffic in tokens and requests per month (inference) and
    its training volume, derived from the input."""

    name: str
    use_case: str
    self_hosted: bool
    model: str
    precision: str = Field(description="the stated precision, or 'not provided'")
    peak_tokens_per_s: float | None = None
    avg_tokens_per_s: float | None = None
    monthly_requests: float | None = None
    monthly_input_tokens: float | None = None
    monthly_output_tokens: float | None = None
    peak_to_average: float | None = None
    p95_latency_target_ms: float | Literal["not provided"] | None = None
    training_kind: str | None = None
    training_tokens_per_month: float | None = None


class LineItemRow(Row):
    """One priced line: ``quantity × unit_price_usd = monthly_usd``."""

    part: str
    item: str
    catalog_ref: str
    quantity: float
    unit: str
    unit_price_usd: float
    monthly_usd: float


class ProviderComparisonRow(Row):
    """One provider's whole plan; ``monthly_usd`` is the sum of its line items (None when the
    provider cannot serve the request, with the reason)."""

    provider: str
    considered: bool
    region: str | None
    regions: list[str]
    monthly_usd: float | None
    parts: dict[str, float]
    infeasible_reason: str | None
    instances: list[str]
    hosted_models: list[str]
    prices_as_of: str | None
    line_items: list[LineItemRow]


class GpuFitRow(Row):
    """The cheapest configuration of one GPU model for a workload's peak."""

    instance: str
    gpus_per_replica: int
    batch_size: int
    tokens_per_s_per_replica: float
    p95_latency_ms: float
    meets_latency: bool
    bound: str
    instances_for_full_peak: int
    on_demand_usd_per_hour_for_full_peak: float


class SelfHostedModelRow(Row):
    workload: str
    model: str
    model_note: str | None
    precision: str
    precision_note: str
    memory_gb_at_batch_1: float
    memory_formula: str
    gpu_fit: dict[str, GpuFitRow]


class HostedModelRow(Row):
    workload: str
    requested: str | None
    choice: str | None
    note: str


class MaturityEvidence(Row):
    """What the MLOps maturity level was scored from (the team and the input)."""

    ml_engineers: int
    data_engineers: int
    kubernetes_skill: int
    cloud_skill: int
    audit_logging: bool
    scheduled_training: bool


class Tooling(Row):
    pipeline: str
    registry: str
    monitoring: str
    managed_alternative: Tooling | None = None


class TrainingRow(Row):
    workload: str
    instance: str
    gpus: int
    gpu_hours: float
    wall_clock_hours: float
    cost_per_run_usd: float
    monthly_usd: float
    formulas: list[str]


class CapacityRow(Row):
    """One workload's serving capacity in one region."""

    workload: str
    region: str
    jurisdiction: str | None
    traffic_share: float
    peak_requests_per_s: float
    batch_size: int
    model: str
    precision: str
    precision_provided: bool
    instance: str
    instances: int
    gpus_per_replica: int
    replicas: int
    tokens_per_s_per_replica: float
    p95_latency_ms: float
    p95_target_ms: float
    memory_gb_per_replica: float
    formulas: list[str]


class DisasterRecovery(Row):
    standby_region: str | None
    reason: str
    threshold_pct: float
    standby_fraction: float


class FrameworkRow(Row):
    framework: str
    name: str
    kind: str
    reasons: list[str]
    exemptions: list[str]


class AttestationRow(Row):
    framework: str
    reasons: list[str]


class GapRow(Row):
    framework: str
    control: str
    severity: str
    description: str
    missing: list[str]


class MarketNoteRow(Row):
    """A dated market or pricing note and its age on the assessment's date."""

    topic: str
    text: str
    as_of: date
    source: str
    age_days: int


class ScenarioRow(Row):
    """A what-if priced on the chosen provider, summed over the sites; no amount (and the
    reason) when some site has no feasible deployment for it."""

    name: str
    description: str
    monthly_usd: float | None
    delta_vs_base_usd: float | None
    regions: list[str]
    infeasible_reason: str | None = None


class IndexEntry(Row):
    """One leaf of the validated input, keyed by the dotted path an answer cites."""

    key: str
    value: JsonScalar | list[JsonScalar]


class WorkRow(Row):
    kind: str
    task: str
    person_days: float


class SchedulePlan(Row):
    """Who does a recommendation's work and how long it takes (one of the two skills is set:
    the one the work depends on)."""

    roles: list[str]
    people: int
    effective_people: float
    cloud_skill: int | None = None
    kubernetes_skill: int | None = None
    person_days: float
    longest_item_days: float
    working_days: float
    weeks: float
    work: list[WorkRow]


class RankingRow(Row):
    rank: int
    key: str
    title: str
    score: float
    monthly_usd: float
    plan: SchedulePlan


class ExcludedRow(Row):
    key: str
    reason: str


class RoadmapStage(Row):
    phase: str
    months: str = Field(description="first-last month of the timeline, e.g. '1-3'")
    content: str


class BuyAlternativeRow(Row):
    """The plan with one self-hosted workload replaced by a hosted API model."""

    workload: str
    api_model: str
    api_monthly_usd: float
    self_hosted_monthly_usd: float
    plan_total_monthly_usd: float
    fits_budget: bool
    formula: str
    caveat: str


__all__ = [
    "AttestationRow",
    "BuyAlternativeRow",
    "CapacityRow",
    "DisasterRecovery",
    "ExcludedRow",
    "FrameworkRow",
    "GapRow",
    "GpuFitRow",
    "HorizonQuantiles",
    "HostedModelRow",
    "IndexEntry",
    "LineItemRow",
    "MarketNoteRow",
    "MaturityEvidence",
    "ProviderComparisonRow",
    "RankingRow",
    "RoadmapStage",
    "ScenarioRow",
    "SchedulePlan",
    "SelfHostedModelRow",
    "Tooling",
    "TrainingRow",
    "WorkRow",
    "WorkloadRow",
]
