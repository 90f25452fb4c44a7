"""The assessment input: what a team tells us, validated field by field and across fields.

Nothing here invents a value: an optional field left out stays ``None`` (or an
empty list) and the agents say "not provided".
"""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from infra_mind.domain.enums import (
    AIUseCase,
    CloudProvider,
    CompanySize,
    DataSensitivity,
    DeploymentModel,
    Framework,
    Industry,
    Jurisdiction,
    Precision,
    Priority,
    SecurityControl,
    TrainingKind,
    WorkloadType,
)


def _number(value: object) -> object:
    if isinstance(value, str | bool):
        raise ValueError("must be a valid number, not a string or a boolean")
    return value


def _flag(value: object) -> object:
    if not isinstance(value, bool):
        raise ValueError("must be a valid boolean: true or false, not a string")
    return value


# Strict scalars, whoever validates (Litestar validates in lax mode): "30000" is not a
# number and "true" not a boolean; a whole number is still accepted for a float.
Int = Annotated[int, BeforeValidator(_number)]
Num = Annotated[float, BeforeValidator(_number)]
Flag = Annotated[bool, BeforeValidator(_flag)]
NonEmptyStr = Annotated[str, Field(min_length=1, max_length=200)]
FreeText = Annotated[str, Field(min_length=1, max_length=2000)]
Skill = Annotated[Int, Field(ge=1, le=5)]
Count = Annotated[Int, Field(ge=0, le=10_000_000_000)]
# Lists of enum values have no meaning beyond the enum's size; bounded against huge bodies.
ENUM_LIST_MAX = 64


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class BusinessGoal(_Strict):
    goal: FreeText
    priority: Priority
    timeline_months: Int | None = Field(default=None, ge=1, le=120)
    success_metrics: list[NonEmptyStr] = Field(default_factory=list, max_length=20)


class GrowthProjection(_Strict):
    current_users: Count
    users_6m: Count | None = None
    users_12m: Count | None = None
    users_24m: Count | None = None

    @model_validator(mode="after")
    def _never_below_current(self) -> Self:
        previous_label, previous = "current_users", self.current_users
        for label in ("users_6m", "users_12m", "users_24m"):
            value = getattr(self, label)
            if value is None:
                continue
            if value < previous:
                raise ValueError(
                    f"{label} ({value}) is below {previous_label} ({previous}); "
                    "projections may not shrink"
                )
            previous_label, previous = label, value
        return self

    def users_at(self, month: int) -> float:
        """Users at ``month`` by linear interpolation between the given points."""
        points = [(0, float(self.current_users))]
        for m, v in ((6, self.users_6m), (12, self.users_12m), (24, self.users_24m)):
            if v is not None:
                points.append((m, float(v)))
        if month <= 0 or len(points) == 1:
            return points[0][1]
        for (m0, v0), (m1, v1) in pairwise(points):
            if m0 <= month <= m1:
                return v0 + (v1 - v0) * (month - m0) / (m1 - m0)
        (m0, v0), (m1, v1) = points[-2], points[-1]
        slope = (v1 - v0) / (m1 - m0)
        return v1 + slope * (month - m1)


class BudgetSplit(_Strict):
    compute_pct: Num = Field(ge=0, le=100)
    storage_pct: Num = Field(ge=0, le=100)
    network_pct: Num = Field(ge=0, le=100)
    security_pct: Num = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _at_most_whole(self) -> Self:
        total = self.compute_pct + self.storage_pct + self.network_pct + self.security_pct
        if total > 100.0 + 1e-9:
            raise ValueError(f"budget split sums to {total:g} %, more than 100 %")
        return self


class Budget(_Strict):
    monthly_limit_usd: Num = Field(gt=0, le=1e9)
    total_min_usd: Num | None = Field(default=None, ge=0, le=1e11)
    total_max_usd: Num | None = Field(default=None, gt=0, le=1e11)
    split: BudgetSplit | None = None

    @model_validator(mode="after")
    def _range_ordered(self) -> Self:
        low, high = self.total_min_usd, self.total_max_usd
        if low is not None and high is not None and low > high:
            raise ValueError(f"total_min_usd ({low:g}) exceeds total_max_usd ({high:g})")
        return self


class Team(_Strict):
    developers: Int = Field(ge=0, le=100_000)
    devops: Int = Field(ge=0, le=100_000)
    data_engineers: Int = Field(default=0, ge=0, le=100_000)
    ml_engineers: Int = Field(default=0, ge=0, le=100_000)
    cloud_skill: Skill
    kubernetes_skill: Skill

    @model_validator(mode="after")
    def _someone_builds_it(self) -> Self:
        if self.developers + self.devops + self.data_engineers + self.ml_engineers == 0:
            raise ValueError("the team has no one in it; at least one engineer is needed")
        return self

    @property
    def headcount(self) -> int:
        return self.developers + self.devops + self.data_engineers + self.ml_engineers


class Business(_Strict):
    company_name: NonEmptyStr
    size: CompanySize
    industry: Industry
    operating_regions: list[Jurisdiction] = Field(min_length=1, max_length=12)
    global_distribution: Flag = False
    business_goals: list[BusinessGoal] = Field(default_factory=list, max_length=30)
    growth: GrowthProjection
    budget: Budget
    team: Team
    compliance: list[Framework] = Field(default_factory=list, max_length=ENUM_LIST_MAX)
    data_residency: list[Jurisdiction] | None = Field(default=None, max_length=ENUM_LIST_MAX)
    timeline_months: Int = Field(ge=1, le=120)
    urgency: Priority
    preferred_clouds: list[CloudProvider] = Field(default_factory=list, max_length=ENUM_LIST_MAX)
    multi_cloud_acceptable: Flag = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.global_distribution and len(set(self.operating_regions)) < 2:
            raise ValueError("global_distribution needs at least 2 operating_regions")
        for name in ("operating_regions", "compliance", "preferred_clouds"):
            values = getattr(self, name)
            if len(set(values)) != len(values):
                raise ValueError(f"{name} lists a value twice")
        if self.data_residency is not None and not self.data_residency:
            raise ValueError("data_residency, when given, names at least one jurisdiction")
        return self


class ModelSpec(_Strict):
    """Either an open model to host (family + parameters) or a hosted API model."""

    family: NonEmptyStr | None = None
    parameters_b: Num | None = Field(default=None, gt=0, le=5000)
    api_model: NonEmptyStr | None = None
    context_length: Int | None = Field(default=None, ge=128, le=10_000_000)

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if (self.parameters_b is None) == (self.api_model is None):
            raise ValueError("give either parameters_b (a model to host) or api_model, not both")
        return self

    @property
    def self_hosted(self) -> bool:
        return self.parameters_b is not None


class InferenceTraffic(_Strict):
    requests_per_s_avg: Num = Field(ge=0, le=1_000_000)
    requests_per_s_peak: Num = Field(ge=0, le=1_000_000)
    input_tokens_per_request: Int = Field(ge=0, le=10_000_000)
    output_tokens_per_request: Int = Field(ge=0, le=1_000_000)
    p95_latency_ms: Num | None = Field(default=None, gt=0, le=600_000)

    @model_validator(mode="after")
    def _peak_at_least_average(self) -> Self:
        if self.requests_per_s_peak < self.requests_per_s_avg:
            raise ValueError(
                f"requests_per_s_peak ({self.requests_per_s_peak:g}) is below "
                f"requests_per_s_avg ({self.requests_per_s_avg:g})"
            )
        return self


class Training(_Strict):
    kind: TrainingKind
    dataset_tokens: Int = Field(gt=0, le=100_000_000_000_000)
    runs_per_month: Num = Field(gt=0, le=1000)


class AIWorkload(_Strict):
    name: NonEmptyStr
    use_case: AIUseCase
    description: FreeText | None = None
    model: ModelSpec
    inference: InferenceTraffic | None = None
    training: Training | None = None
    precision: Precision | None = None

    @model_validator(mode="after")
    def _does_something(self) -> Self:
        if self.inference is None and self.training is None:
            raise ValueError("an AI workload needs inference traffic, training, or both")
        if self.training is not None and self.model.parameters_b is None:
            raise ValueError("training needs model.parameters_b (a model we can size)")
        ctx = self.model.context_length
        if ctx is not None and self.inference is not None:
            needed = self.inference.input_tokens_per_request
            needed += self.inference.output_tokens_per_request
            if needed > ctx:
                raise ValueError(
                    f"input + output tokens per request ({needed}) exceed "
                    f"model.context_length ({ctx})"
                )
        return self


class DataProfile(_Strict):
    volume_tb: Num = Field(ge=0, le=1_000_000)
    growth_tb_per_month: Num = Field(default=0, ge=0, le=100_000)
    monthly_egress_tb: Num | None = Field(default=None, ge=0, le=1_000_000)
    data_types: list[DataSensitivity] = Field(default_factory=list, max_length=ENUM_LIST_MAX)


class Technical(_Strict):
    workload_types: list[WorkloadType] = Field(min_length=1, max_length=ENUM_LIST_MAX)
    ai_workloads: list[AIWorkload] = Field(default_factory=list, max_length=50)
    data: DataProfile
    current_clouds: list[CloudProvider] = Field(default_factory=list, max_length=ENUM_LIST_MAX)
    current_services: list[NonEmptyStr] = Field(default_factory=list, max_length=100)
    deployment_model: DeploymentModel
    availability_target_pct: Num = Field(ge=90, lt=100)
    security_controls: list[SecurityControl] = Field(default_factory=list, max_length=ENUM_LIST_MAX)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        names = [w.name for w in self.ai_workloads]
        if len(set(names)) != len(names):
            raise ValueError("ai_workloads names must be unique")
        ai_types = {WorkloadType.ML_INFERENCE, WorkloadType.LLM_INFERENCE, WorkloadType.ML_TRAINING}
        if self.ai_workloads and not ai_types & set(self.workload_types):
            raise ValueError(
                "ai_workloads are described but workload_types names no ML or LLM workload"
            )
        return self


class AssessmentInput(_Strict):
    """Everything a team tells us; the one document every agent reads."""

    title: NonEmptyStr | None = None
    business: Business
    technical: Technical

    @property
    def display_title(self) -> str:
        return self.title or f"{self.business.company_name} AI infrastructure assessment"
