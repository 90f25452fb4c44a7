from __future__ import annotations

import pytest

from infra_mind.domain.workflow import (
    ANALYSTS,
    DATA_VALIDATION,
    REPORTED,
    SYNTHESIS,
    AgentRole,
    Graph,
    assessment_graph,
)


def test_the_assessment_graph_has_thirteen_nodes_in_three_steps() -> None:
    g = assessment_graph()
    assert len(g.nodes) == 13
    assert len(ANALYSTS) == 10
    assert all(g.deps[a] == {DATA_VALIDATION} for a in ANALYSTS)
    assert g.deps[SYNTHESIS] == set(ANALYSTS)
    assert g.deps[AgentRole.REPORT_GENERATOR.value] == {SYNTHESIS, *REPORTED}
    assert g.tolerant == {SYNTHESIS, AgentRole.REPORT_GENERATOR.value}
    assert g.critical == {DATA_VALIDATION, SYNTHESIS}


def test_critical_path_is_the_longest_chain_not_the_sum() -> None:
    g = Graph.of({"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]})
    assert g.critical_path({"a": 1, "b": 5, "c": 2, "d": 1}) == 7


def test_cycles_and_unknown_dependencies_are_refused() -> None:
    with pytest.raises(ValueError, match="cycle"):
        Graph.of({"a": ["b"], "b": ["a"]})
    with pytest.raises(ValueError, match="unknown"):
        Graph.of({"a": ["ghost"]})


def test_dependents_and_order() -> None:
    g = Graph.of({"a": [], "b": ["a"], "c": ["b"]})
    assert g.dependents("a") == ("b",)
    assert g.topological_order() == ("a", "b", "c")
