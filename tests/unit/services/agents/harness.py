"""Runs the 13-node workflow through the real engine, offline LLM and in-memory adapters, and
normalises its output for comparison (ids and timestamps removed, nothing else)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.llm.offline import OfflineProvider
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
    InMemoryRecommendationRepository,
)
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge import load_knowledge_base
from infra_mind.domain.recommendation import RecommendationBundle
from infra_mind.domain.results import AgentResult
from infra_mind.domain.workflow import assessment_graph
from infra_mind.ports.compute import ComputePool
from infra_mind.services.agents.catalog import build_agents
from infra_mind.services.agents.narration import Narrator
from infra_mind.services.workflow.engine import EngineSettings, WorkflowEngine

KB = load_knowledge_base()
CREATED = datetime(2025, 9, 1, tzinfo=UTC)
IDENTITY_FIELDS = frozenset(
    {
        "id",
        "recommendation_id",
        "cost_estimate_id",
        "compliance_assessment_id",
        "implementation_plan_id",
        "created_at",
    }
)


@dataclass(frozen=True)
class Run:
    results: list[AgentResult]
    bundles: list[RecommendationBundle]
    result_repo: InMemoryAgentResultRepository
    recommendation_repo: InMemoryRecommendationRepository
    narrator: Narrator

    def facts(self, node: str) -> dict[str, Any]:
        return next(r.facts for r in self.results if r.node == node)


async def run(data: AssessmentInput, aid: str = "a1", compute: ComputePool | None = None) -> Run:
    repo = InMemoryAssessmentRepository()
    results, recs = InMemoryAgentResultRepository(), InMemoryRecommendationRepository()
    await repo.add(
        Assessment(
            id=aid,
            tenant_id="t",
            title="x",
            input=data,
            created_at=CREATED,
            updated_at=CREATED,
            status=AssessmentStatus.QUEUED,
        )
    )
    narrator = Narrator(OfflineProvider())
    agents = build_agents(KB, narrator, recs, TimeOrderedIds(), SystemClock(), compute)
    engine = WorkflowEngine(
        assessment_graph(),
        agents,
        repo,
        results,
        InProcessEventBus(),
        SystemClock(),
        EngineSettings(control_poll_s=0.01),
    )
    final = await engine.run("t", aid)
    assert final.status is AssessmentStatus.COMPLETED
    return Run(
        await results.list("t", aid), await recs.list_bundles("t", aid), results, recs, narrator
    )


def without_identity(value: Any) -> Any:
    """The value with ids and timestamps removed at every depth."""
    if isinstance(value, Mapping):
        return {k: without_identity(v) for k, v in value.items() if k not in IDENTITY_FIELDS}
    if isinstance(value, list | tuple):
        return [without_identity(v) for v in value]
    return value


def normalised(
    r: Run, verbatim: Iterable[tuple[str, str]] = ()
) -> tuple[dict[str, Any], list[Any]]:
    """Every node's facts and every bundle, minus identity fields and minus the ``verbatim``
    (node, fact key) pairs that restate the user's own text; a chatbot index entry is dropped
    when it indexes one of those data_validation keys."""
    drop = set(verbatim)
    indexed = {f"input.{key}" for node, key in drop if node == "data_validation"}
    facts: dict[str, Any] = {}
    for result in r.results:
        node_facts = {k: v for k, v in result.facts.items() if (result.node, k) not in drop}
        if result.node == "chatbot":
            node_facts["index"] = [e for e in node_facts["index"] if e["key"] not in indexed]
        facts[result.node] = without_identity(node_facts)
    bundles = [without_identity(b.model_dump(mode="json")) for b in r.bundles]
    return facts, bundles


def regions_of(bundle: RecommendationBundle) -> set[str]:
    """Regions a recommendation deploys to (its region catalog sources)."""
    return {
        s.ref.split(":", 1)[1] for s in bundle.recommendation.sources if s.ref.startswith("region:")
    }
