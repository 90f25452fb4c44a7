"""The typed outcome of an assessment: what ``infra_mind.assess`` returns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, computed_field

from infra_mind.domain.assessment import Assessment
from infra_mind.domain.feasibility import Feasibility, FeasibilityStatus
from infra_mind.domain.knowledge.age import CatalogAge
from infra_mind.domain.money import total
from infra_mind.domain.recommendation import ComplianceVerdict, RecommendationBundle
from infra_mind.domain.results import AgentResult
from infra_mind.domain.workflow import SYNTHESIS, AgentRole

_VERDICT_ORDER = [
    ComplianceVerdict.COMPLIANT,
    ComplianceVerdict.GAPS,
    ComplianceVerdict.NON_COMPLIANT,
]


class AssessmentOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessment: Assessment
    results: list[AgentResult]
    recommendations: list[RecommendationBundle]
    catalog: CatalogAge | None = None
    """Age of the catalog's prices on the day the assessment was created (None when unknown)."""

    @property
    def agent_results(self) -> list[AgentResult]:
        """The eleven agents' results (not data_validation or synthesis)."""
        roles = {r.value for r in AgentRole}
        return [r for r in self.results if r.node in roles]

    def result(self, node: str) -> AgentResult | None:
        return next((r for r in self.results if r.node == node), None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def feasibility(self) -> Feasibility:
        """Synthesis's verdict on the request. Never ``feasible`` (or ``over_budget``) without a
        recommendation: an empty plan is infeasible whatever was stored."""
        synthesis = self.result(SYNTHESIS)
        if synthesis is None or not synthesis.ok:
            why = synthesis.error if synthesis is not None else "not run"
            return Feasibility.missing(f"synthesis did not complete ({why})")
        stored = synthesis.facts.get("feasibility")
        if stored is None:
            return Feasibility.missing("synthesis stored no feasibility (an older result)")
        found = Feasibility.model_validate(stored)
        if not self.recommendations and found.status is not FeasibilityStatus.INFEASIBLE:
            return Feasibility.missing("no recommendation was stored")
        return found

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_monthly_cost_usd(self) -> float:
        """Sum over the recommendations' cost estimates (each the sum of its line items), to the
        cent."""
        return total(b.cost.monthly_total_usd for b in self.recommendations)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_tokens(self) -> int:
        return sum(r.llm_tokens for r in self.results)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_cost_usd(self) -> float:
        return sum(r.llm_cost_usd for r in self.results)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def narrative_writers(self) -> list[str]:
        """Distinct ``provider/model`` pairs that wrote the narratives."""
        writers = {
            f"{r.narrative_provider}/{r.narrative_model}"
            for r in self.results
            if r.narrative_provider is not None
        }
        return sorted(writers)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_notes(self) -> list[str]:
        """Fallbacks and budget switches, per node (``node: note``)."""
        return [f"{r.node}: {note}" for r in self.results for note in r.llm_notes]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def compliance_verdict(self) -> ComplianceVerdict | None:
        """The worst verdict across recommendations; None when there are none."""
        verdicts = [b.compliance.verdict for b in self.recommendations]
        return max(verdicts, key=_VERDICT_ORDER.index) if verdicts else None
