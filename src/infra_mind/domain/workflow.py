"""The workflow graph as data: thirteen nodes and who waits for whom."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class AgentRole(StrEnum):
    CTO = "cto"
    CLOUD_ENGINEER = "cloud_engineer"
    RESEARCH = "research"
    MLOPS = "mlops"
    INFRASTRUCTURE = "infrastructure"
    COMPLIANCE = "compliance"
    AI_CONSULTANT = "ai_consultant"
    WEB_RESEARCH = "web_research"
    SIMULATION = "simulation"
    CHATBOT = "chatbot"
    REPORT_GENERATOR = "report_generator"


DATA_VALIDATION = "data_validation"
SYNTHESIS = "synthesis"
ANALYSTS: tuple[str, ...] = tuple(r.value for r in AgentRole if r is not AgentRole.REPORT_GENERATOR)


@dataclass(frozen=True)
class Graph:
    """A DAG of named nodes; ``deps[n]`` are the nodes ``n`` waits for.

    A node runs once all its dependencies have finished. A ``tolerant`` node
    runs when at least one dependency completed even if others failed (it
    states what is missing); any other node whose dependency failed is failed
    without running. The run fails when a ``critical`` node fails.
    """

    deps: Mapping[str, frozenset[str]]
    tolerant: frozenset[str] = frozenset()
    critical: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = {d for ds in self.deps.values() for d in ds} - set(self.deps)
        if unknown:
            raise ValueError(f"dependencies on unknown nodes: {sorted(unknown)}")
        self.topological_order()  # raises on a cycle

    @classmethod
    def of(
        cls,
        deps: Mapping[str, Iterable[str]],
        *,
        tolerant: Iterable[str] = (),
        critical: Iterable[str] = (),
    ) -> Graph:
        return cls(
            {n: frozenset(ds) for n, ds in deps.items()},
            frozenset(tolerant),
            frozenset(critical),
        )

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(self.deps)

    def dependents(self, node: str) -> tuple[str, ...]:
        return tuple(n for n, ds in self.deps.items() if node in ds)

    def topological_order(self) -> tuple[str, ...]:
        order: list[str] = []
        done: set[str] = set()
        pending = dict(self.deps)
        while pending:
            ready = sorted(n for n, ds in pending.items() if ds <= done)
            if not ready:
                raise ValueError(f"cycle among {sorted(pending)}")
            for n in ready:
                order.append(n)
                done.add(n)
                del pending[n]
        return tuple(order)

    def critical_path(self, durations: Mapping[str, float]) -> float:
        """Longest dependency chain, in the units of ``durations``."""
        finish: dict[str, float] = {}
        for n in self.topological_order():
            start = max((finish[d] for d in self.deps[n]), default=0.0)
            finish[n] = start + durations.get(n, 0.0)
        return max(finish.values(), default=0.0)


REPORTED: tuple[str, ...] = tuple(
    r.value
    for r in (
        AgentRole.CLOUD_ENGINEER,
        AgentRole.INFRASTRUCTURE,
        AgentRole.RESEARCH,
        AgentRole.COMPLIANCE,
        AgentRole.MLOPS,
        AgentRole.SIMULATION,
        AgentRole.CTO,
        AgentRole.AI_CONSULTANT,
        AgentRole.WEB_RESEARCH,
    )
)
"""The analysts whose facts the report has a section for."""


def assessment_graph() -> Graph:
    """data_validation → ten analysts in parallel → synthesis → report_generator, which also
    reads the nine analysts its sections show. Synthesis and the report are tolerant: they run
    with what completed and say what is missing. Each agent declares the nodes it reads; the
    agent registry checks them against this graph at start-up."""
    deps: dict[str, set[str]] = {DATA_VALIDATION: set()}
    for analyst in ANALYSTS:
        deps[analyst] = {DATA_VALIDATION}
    deps[SYNTHESIS] = set(ANALYSTS)
    deps[AgentRole.REPORT_GENERATOR.value] = {SYNTHESIS, *REPORTED}
    return Graph.of(
        deps,
        tolerant={SYNTHESIS, AgentRole.REPORT_GENERATOR.value},
        critical={DATA_VALIDATION, SYNTHESIS},
    )
