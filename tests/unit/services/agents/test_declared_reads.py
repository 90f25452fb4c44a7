"""Agents declare the nodes they read; the graph is checked against them at start-up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infra_mind.adapters.inprocess.clock import SystemClock, TimeOrderedIds
from infra_mind.adapters.llm.offline import OfflineProvider
from infra_mind.adapters.memory.repositories import InMemoryRecommendationRepository
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.workflow import DATA_VALIDATION, AgentRole, Graph, assessment_graph
from infra_mind.services.agents.base import AgentContext, GraphMismatch, UndeclaredRead
from infra_mind.services.agents.catalog import build_agents, checked_graph
from infra_mind.services.agents.narration import Narrator
from tests.factories import example_input
from tests.unit.services.agents.harness import KB, run

pytestmark = pytest.mark.anyio
REPORT = AgentRole.REPORT_GENERATOR.value


def graph_without(node: str, dependency: str) -> Graph:
    g = assessment_graph()
    deps = {n: set(ds) for n, ds in g.deps.items()}
    deps[node].discard(dependency)
    return Graph.of(deps, tolerant=g.tolerant, critical=g.critical)


def registry(graph: Graph) -> object:
    return build_agents(
        KB,
        Narrator(OfflineProvider()),
        InMemoryRecommendationRepository(),
        TimeOrderedIds(),
        SystemClock(),
        graph=graph,
    )


def test_removing_a_declared_dependency_from_the_graph_fails_at_start_up() -> None:
    with pytest.raises(GraphMismatch, match=r"report_generator reads \['cto'\]"):
        registry(graph_without(REPORT, AgentRole.CTO.value))


def test_the_containers_graph_check_refuses_a_graph_missing_a_declared_read() -> None:
    with pytest.raises(GraphMismatch, match=r"chatbot reads \['data_validation'\]"):
        checked_graph(graph_without(AgentRole.CHATBOT.value, DATA_VALIDATION))


def test_the_assessment_graph_gives_every_agent_what_it_declares() -> None:
    assert checked_graph() == assessment_graph()
    assert registry(assessment_graph()).graph == assessment_graph()  # type: ignore[attr-defined]


def test_facts_of_an_undeclared_node_raises() -> None:
    now = datetime(2025, 9, 1, tzinfo=UTC)
    assessment = Assessment(
        id="a",
        tenant_id="t",
        title="x",
        input=example_input(),
        created_at=now,
        updated_at=now,
        status=AssessmentStatus.RUNNING,
    )
    ctx = AgentContext(
        assessment, {}, KB, Narrator(OfflineProvider()), reads=frozenset({DATA_VALIDATION})
    )
    with pytest.raises(UndeclaredRead):
        ctx.facts_of(AgentRole.CTO.value)


async def test_a_complete_runs_report_has_no_missing_section() -> None:
    r = await run(example_input())
    facts = r.facts(REPORT)
    assert facts["missing_sections"] == []
    assert all(s["available"] for s in facts["sections"])
