"""Typed views of the stored agent facts a report shows.

Agents store facts as JSON; a report reads only the fields below. A view that
does not parse (an agent failed, or stored another shape) is ``None``, and the
section that needed it says it has no data instead of guessing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from infra_mind.domain.outcome import AssessmentOutcome


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ProviderOption(_View):
    provider: str
    considered: bool = True
    region: str | None = None
    monthly_usd: float | None = None
    infeasible_reason: str | None = None
    prices_as_of: str | None = None
    instances: list[str] = Field(default_factory=list)
    hosted_models: list[str] = Field(default_factory=list)


class CloudFacts(_View):
    chosen_provider: str | None = None
    chosen_region: str | None = None
    chosen_reason: str | None = None
    chosen_monthly_usd: float | None = None
    comparison: list[ProviderOption] = Field(default_factory=list)


class BudgetFit(_View):
    status: str
    budget_monthly_usd: float | None = None
    total_monthly_usd: float
    gap_usd: float = 0.0
    headroom_usd: float = 0.0


class Excluded(_View):
    key: str
    reason: str


class SynthesisFacts(_View):
    budget_fit: BudgetFit | None = None
    feasible_within_budget: bool | None = None
    missing_agents: list[str] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    ranking_formula: str | None = None


class RoadmapStage(_View):
    phase: str
    months: str
    content: str


class CtoFacts(_View):
    risks: list[str] = Field(default_factory=list)
    roadmap: list[RoadmapStage] = Field(default_factory=list)
    tco_over_timeline_usd: float | None = None
    timeline_months: int | None = None
    tco_within_total_budget: bool | None = None


class Projection(_View):
    month: int
    p10_usd: float
    p50_usd: float
    p90_usd: float


class Scenario(_View):
    name: str
    description: str
    monthly_usd: float
    delta_vs_base_usd: float


class SimulationFacts(_View):
    base_monthly_usd: float
    projections: list[Projection]
    scenarios: list[Scenario] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    formula: str | None = None


class FrameworkFacts(_View):
    framework: str
    name: str
    reasons: list[str] = Field(default_factory=list)


class ComplianceFacts(_View):
    ai_risk_level: str | None = None
    frameworks: list[FrameworkFacts] = Field(default_factory=list)
    region_scope_reason: str | None = None
    assumptions: list[str] = Field(default_factory=list)


class Capacity(_View):
    workload: str
    region: str
    model: str
    precision: str
    instance: str
    instances: int
    replicas: int
    p95_latency_ms: float
    p95_target_ms: float


class DisasterRecovery(_View):
    reason: str


class InfrastructureFacts(_View):
    architecture: list[str] = Field(default_factory=list)
    capacity: list[Capacity] = Field(default_factory=list)
    availability_target_pct: float | None = None
    allowed_downtime_min_per_month: float | None = None
    zones: int | None = None
    dr: DisasterRecovery | None = None
    scaling: str | None = None


class HostedModel(_View):
    workload: str
    requested: str | None = None
    choice: str
    note: str | None = None


class SelfHostedModel(_View):
    workload: str
    model: str
    precision: str
    precision_note: str | None = None


class ResearchFacts(_View):
    self_hosted_models: list[SelfHostedModel] = Field(default_factory=list)
    hosted_models: list[HostedModel] = Field(default_factory=list)


class MlopsFacts(_View):
    maturity_level: int
    maturity_scale: str
    tooling: dict[str, str] = Field(default_factory=dict)
    drift_monitoring: str | None = None


class UseCase(_View):
    workload: str
    use_case: str
    feasible: bool
    priority_score: float
    mode: str


class ConsultantFacts(_View):
    use_cases: list[UseCase] = Field(default_factory=list)


class MarketNote(_View):
    topic: str
    text: str
    as_of: str | None = None
    source: str | None = None


class WebResearchFacts(_View):
    notes: list[MarketNote] = Field(default_factory=list)


def view[V: _View](outcome: AssessmentOutcome, node: str, model: type[V]) -> V | None:
    """The node's stored facts read as ``model``; None when absent, failed or malformed."""
    result = outcome.result(node)
    if result is None or not result.ok:
        return None
    facts: dict[str, Any] = result.facts
    try:
        return model.model_validate(facts)
    except ValidationError:
        return None
