"""What each workflow node computes: one typed model per agent's facts.

Agents build these models and store their JSON dump in ``AgentResult.facts``; readers (other
agents, the chat and insight services, the CLI) read them back through the same model, so a
renamed or missing fact fails where it is produced, not silently where it is read. Nested rows
(capacity, the provider comparison, the ranking…) are typed too: ``domain.fact_rows``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from infra_mind.domain.costing import BudgetFit
from infra_mind.domain.fact_rows import (
    AttestationRow,
    BuyAlternativeRow,
    CapacityRow,
    DisasterRecovery,
    ExcludedRow,
    FrameworkRow,
    GapRow,
    HorizonQuantiles,
    HostedModelRow,
    IndexEntry,
    MarketNoteRow,
    MaturityEvidence,
    ProviderComparisonRow,
    RankingRow,
    RoadmapStage,
    ScenarioRow,
    SelfHostedModelRow,
    Tooling,
    TrainingRow,
    WorkloadRow,
)
from infra_mind.domain.feasibility import Feasibility
from infra_mind.domain.workflow import DATA_VALIDATION, SYNTHESIS, AgentRole


class Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DataValidationFacts(Facts):
    company: str
    industry: str
    size: str
    operating_regions: list[str]
    data_residency: list[str] | None
    monthly_budget_usd: float
    team_headcount: int
    current_users: float
    users_growth_24m_multiple: float | None
    ai_workloads: list[WorkloadRow]
    workload_types: list[str]
    availability_target_pct: float
    security_controls_declared: list[str]
    security_controls_missing: list[str]
    compliance_declared: list[str]
    not_provided: list[str]
    formulas: dict[str, str]


class CTOFacts(Facts):
    monthly_run_cost_usd: float
    tco_over_timeline_usd: float
    timeline_months: int
    budget_total_range_usd: list[float | None]
    tco_within_total_budget: bool | None
    budget_fit: BudgetFit | None
    provider: str | None
    risks: list[str]
    roadmap: list[RoadmapStage]
    formulas: dict[str, str]


class CloudEngineerFacts(Facts):
    chosen_provider: str | None
    chosen_region: str | None
    chosen_reason: str
    chosen_regions: list[str]
    distribution: str
    home_cloud: str | None
    switch_saving_threshold_pct: float
    runner_up: str | None
    runner_up_considered: bool | None
    runner_up_monthly_usd: float | None
    runner_up_delta_usd: float | None
    runner_up_delta_pct: float | None
    chosen_monthly_usd: float | None
    chosen_monthly: str | None
    preferred_clouds: list[str]
    allowed_regions: list[str]
    region_scope_reason: str
    required_service_eligibility: list[str]
    comparison: list[ProviderComparisonRow]
    budget_fit: BudgetFit | None
    notes: list[str]


class ResearchFacts(Facts):
    self_hosted_models: list[SelfHostedModelRow]
    hosted_models: list[HostedModelRow]
    notes: list[str]


class MLOpsFacts(Facts):
    maturity_level: int
    maturity_scale: str
    evidence: MaturityEvidence
    tooling: Tooling
    training: list[TrainingRow]
    drift_monitoring: str | None


class InfrastructureFacts(Facts):
    provider: str | None
    region: str | None
    regions: list[str]
    distribution: str
    architecture: list[str]
    capacity: list[CapacityRow]
    availability_target_pct: float
    allowed_downtime_min_per_month: float
    zones: int
    dr_standby_region: str | None
    dr: DisasterRecovery
    scaling: str
    notes: list[str]
    formulas: dict[str, str]


class ComplianceFacts(Facts):
    ai_risk_level: str | None
    frameworks: list[FrameworkRow]
    suggested_attestations: list[AttestationRow]
    gaps: list[GapRow]
    met_controls: list[str]
    required_service_eligibility: list[str]
    data_residency: list[str] | str
    region_scope_reason: str
    allowed_regions: list[str]
    ineligible_services: list[str]
    assumptions: list[str]


class BuildVsBuyFacts(Facts):
    api_model: str
    api_monthly_usd: float
    self_hosted_monthly_usd: float
    cheaper: str
    breakeven_traffic_multiple: float


class UseCaseFacts(Facts):
    workload: str
    use_case: str
    value: float
    feasible: bool
    priority_score: float
    mode: str
    build_vs_buy: BuildVsBuyFacts | None = None


class AIConsultantFacts(Facts):
    use_cases: list[UseCaseFacts]
    formulas: dict[str, str]


class WebResearchFacts(Facts):
    notes: list[MarketNoteRow]
    source_kind: str


class SimulationFacts(Facts):
    base_monthly_usd: float
    variable_share: float = Field(ge=0, le=1)
    monthly_growth_mean: float
    projections: list[HorizonQuantiles]
    seed: int
    formula: str
    assumptions: list[str]
    scenarios: list[ScenarioRow]


class ChatbotFacts(Facts):
    index_entries: int
    index: list[IndexEntry]
    scope: str


class SynthesisFacts(Facts):
    feasibility: Feasibility
    total_monthly_usd: float
    budget_monthly_usd: float
    budget_fit: BudgetFit
    provider: str | None
    region: str | None
    regions: list[str]
    ranking: list[RankingRow]
    ranking_formula: str
    plan_formula: str
    work_formula: str
    work_person_days: dict[str, float]
    excluded: list[ExcludedRow]
    missing_agents: list[str]
    buy_alternatives: list[BuyAlternativeRow]
    notes: list[str]


class ReportSection(Facts):
    title: str
    node: str
    facts: list[str]
    available: bool


class ReportFacts(Facts):
    sections: list[ReportSection]
    missing_sections: list[str]


FACTS_BY_NODE: dict[str, type[Facts]] = {
    DATA_VALIDATION: DataValidationFacts,
    AgentRole.CTO.value: CTOFacts,
    AgentRole.CLOUD_ENGINEER.value: CloudEngineerFacts,
    AgentRole.RESEARCH.value: ResearchFacts,
    AgentRole.MLOPS.value: MLOpsFacts,
    AgentRole.INFRASTRUCTURE.value: InfrastructureFacts,
    AgentRole.COMPLIANCE.value: ComplianceFacts,
    AgentRole.AI_CONSULTANT.value: AIConsultantFacts,
    AgentRole.WEB_RESEARCH.value: WebResearchFacts,
    AgentRole.SIMULATION.value: SimulationFacts,
    AgentRole.CHATBOT.value: ChatbotFacts,
    SYNTHESIS: SynthesisFacts,
    AgentRole.REPORT_GENERATOR.value: ReportFacts,
}
"""The facts model of every node of the assessment graph."""
