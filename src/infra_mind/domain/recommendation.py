"""Ranked recommendations and the documents stored beside each: cost, compliance, plan."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field

from infra_mind.domain.assumption import Assumption
from infra_mind.domain.enums import CloudProvider, Framework, Priority
from infra_mind.domain.money import cents, total
from infra_mind.domain.results import SourceRef


class LineItem(BaseModel):
    """One priced quantity: ``monthly_usd = quantity × unit_price_usd`` rounded to the cent,
    always. Quantity and unit price keep their full precision; every total is the exact sum of
    these cent amounts, so totals agree with their items to the cent."""

    model_config = ConfigDict(frozen=True)

    description: str
    category: str
    catalog_ref: str
    quantity: float = Field(ge=0)
    unit: str
    unit_price_usd: float = Field(ge=0)
    formula: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def monthly_usd(self) -> float:
        return cents(self.quantity * self.unit_price_usd)


class RecommendationDocument(BaseModel):
    """Identity shared by the documents stored beside a recommendation."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    assessment_id: str
    recommendation_id: str


class CostEstimate(RecommendationDocument):
    provider: CloudProvider | None = None
    pricing_model: str = "on_demand"
    currency: str = "USD"
    line_items: list[LineItem] = Field(default_factory=list)
    as_of: date | None = None
    budget_monthly_usd: float | None = None
    notes: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def monthly_total_usd(self) -> float:
        return total(item.monthly_usd for item in self.line_items)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def budget_gap_usd(self) -> float | None:
        """Positive when over budget, negative when under; None without a budget."""
        if self.budget_monthly_usd is None:
            return None
        return cents(self.monthly_total_usd - self.budget_monthly_usd)


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class FrameworkApplicability(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework: Framework
    reason: str


class ControlGap(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework: Framework
    control_id: str
    description: str
    severity: Severity
    remediation: str


class ComplianceVerdict(StrEnum):
    COMPLIANT = "compliant"
    GAPS = "compliant_with_gaps"
    NON_COMPLIANT = "non_compliant"


class ComplianceAssessment(RecommendationDocument):
    frameworks: list[FrameworkApplicability] = Field(default_factory=list)
    gaps: list[ControlGap] = Field(default_factory=list)
    allowed_regions: list[str] = Field(default_factory=list)
    ineligible_services: list[str] = Field(default_factory=list)
    verdict: ComplianceVerdict
    notes: list[str] = Field(default_factory=list)


class Phase(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    duration_weeks: float = Field(gt=0)
    depends_on: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)


class ImplementationPlan(RecommendationDocument):
    phases: list[Phase] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_weeks(self) -> float:
        """Length of the longest chain of dependent phases."""
        finish: dict[str, float] = {}
        for phase in self.phases:
            start = max((finish.get(d, 0.0) for d in phase.depends_on), default=0.0)
            finish[phase.name] = start + phase.duration_weeks
        return round(max(finish.values(), default=0.0), 3)


class Scores(BaseModel):
    """Ranking inputs on 0–1 scales and the weighted total (formula in synthesis)."""

    model_config = ConfigDict(frozen=True)

    impact: float
    cost: float
    risk: float
    urgency: float
    total: float


class ApprovalState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Recommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    tenant_id: str
    assessment_id: str
    rank: int = Field(ge=1)
    title: str
    category: str
    summary: str
    rationale: str
    provider: CloudProvider | None = None
    urgency: Priority = Priority.MEDIUM
    source_agents: list[str] = Field(default_factory=list)
    scores: Scores
    cost_estimate_id: str
    compliance_assessment_id: str
    implementation_plan_id: str
    sources: list[SourceRef] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    """What each figure of this recommendation assumed; warnings moved a figure."""
    approval: ApprovalState = ApprovalState.PENDING
    created_at: datetime
    schema_version: int = 1


class RecommendationBundle(BaseModel):
    """A recommendation read together with its three documents."""

    model_config = ConfigDict(frozen=True)

    recommendation: Recommendation
    cost: CostEstimate
    compliance: ComplianceAssessment
    plan: ImplementationPlan

    @property
    def warnings(self) -> list[Assumption]:
        return [a for a in self.recommendation.assumptions if a.warning]
