"""The deployment analysis every analyst starts from: constraints, sizing, per-provider cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra_mind.domain.compliance import ComplianceFindings
from infra_mind.domain.costing import BudgetFit
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.models import EligibilityFlag, Provider
from infra_mind.services.agents.cloud_choice import Choice
from infra_mind.services.agents.model_choice import ServedModel
from infra_mind.services.agents.part import Part, Trim
from infra_mind.services.agents.provider_plan import ProviderPlan


@dataclass(frozen=True)
class Analysis:
    """Constraints and the cheapest feasible deployment per provider, with the chosen one and
    its priced parts.

    Pure and deterministic: the same input and knowledge base always give the same analysis, so
    agents that run in parallel agree on the numbers without reading each other's results."""

    input: AssessmentInput
    compliance: ComplianceFindings
    flags: frozenset[EligibilityFlag]
    residency: tuple[str, ...] | None
    region_scope: tuple[str, ...]
    region_scope_reason: str
    allowed_regions: frozenset[str]
    considered: tuple[Provider, ...]
    served: tuple[ServedModel, ...]
    plans: tuple[ProviderPlan, ...]
    chosen: ProviderPlan | None
    chosen_reason: str
    choice: Choice
    distribution: str
    budget: BudgetFit | None
    object_storage_gb: float
    egress_gb: float
    peak_rps: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    parts: tuple[Part, ...] = ()
    """The chosen deployment's parts, priced; ``budget`` is their total against the budget."""
    trimmed: tuple[Trim, ...] = ()

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)

    def specs(self) -> dict[str, list[dict[str, Any]]]:
        """Cost specs by part key (what drafts are priced from)."""
        return {p.key: p.specs for p in self.parts}

    @property
    def hipaa(self) -> bool:
        return "hipaa_baa" in self.flags
