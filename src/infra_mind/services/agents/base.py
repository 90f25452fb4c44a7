"""The agent protocol, what an agent is given, and the registry the engine calls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from infra_mind.domain.assessment import Assessment
from infra_mind.domain.errors import PermanentError
from infra_mind.domain.facts import Facts
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.domain.workflow import Graph, assessment_graph
from infra_mind.ports.compute import ComputePool
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.analysis_cache import AnalysisCache
from infra_mind.services.agents.narration import Narrator


@dataclass(frozen=True)
class AgentContext:
    """Everything one node may read: the input, its dependencies' results, the
    shipped knowledge and the narrator (the only way to the LLM)."""

    assessment: Assessment
    upstream: Mapping[str, AgentResult]
    knowledge: Any
    narrator: Narrator
    analyses: AnalysisCache = field(default_factory=AnalysisCache)
    compute: ComputePool | None = None
    reads: frozenset[str] = frozenset()
    """The nodes the running agent declared it reads; ``facts_of`` refuses any other."""

    @property
    def input(self) -> AssessmentInput:
        return self.assessment.input

    @property
    def tenant_id(self) -> str:
        return self.assessment.tenant_id

    def analysis(self) -> Analysis:
        """The shared deployment analysis of this input (computed once per registry)."""
        return self.analyses.get(self.knowledge, self.input)

    async def offload[T](self, fn: Callable[[], T]) -> T:
        """``fn()`` (CPU-bound and pure) in the compute pool, off the event loop; inline when the
        registry has no pool."""
        return fn() if self.compute is None else await self.compute.run(fn)

    def facts[F: Facts](self, node: str, model: type[F]) -> F | None:
        """A declared upstream node's facts read through its model; None when it failed."""
        raw = self.facts_of(node)
        return model.model_validate(raw) if raw else None

    def facts_of(self, node: str) -> Mapping[str, Any]:
        """Facts of a declared, completed upstream node; empty when it failed. Reading a node
        the agent did not declare is a programming error, not an empty answer."""
        if node not in self.reads:
            raise UndeclaredRead(f"{node!r} is not among the declared reads {sorted(self.reads)}")
        result = self.upstream.get(node)
        return result.facts if result is not None and result.ok else {}


class UndeclaredRead(LookupError):
    """An agent read facts of a node it did not declare in ``reads``."""


class GraphMismatch(ValueError):
    """The workflow graph does not give an agent what it declares it reads."""


@runtime_checkable
class Agent(Protocol):
    """Computes facts from the input and the knowledge base, then has them narrated."""

    reads: ClassVar[tuple[str, ...]]
    """Nodes (agent roles, ``data_validation``, ``synthesis``) whose results it reads."""

    @property
    def name(self) -> str: ...

    async def run(self, ctx: AgentContext) -> AgentOutput: ...


def check_reads(graph: Graph, reads: Mapping[str, tuple[str, ...]]) -> Graph:
    """``graph`` when it has a node per agent and gives each the results it declares it reads
    (``reads``: agent name → declared nodes); otherwise GraphMismatch naming every gap (raised
    at start-up, never mid-run)."""
    gaps = sorted(set(graph.nodes) ^ set(reads))
    problems = [f"nodes without an agent or agents without a node: {gaps}"] if gaps else []
    for name, declared in reads.items():
        missing = sorted(set(declared) - set(graph.deps.get(name, ())))
        if missing:
            problems.append(f"{name} reads {missing}, which the graph does not give it")
    if problems:
        raise GraphMismatch("; ".join(problems))
    return graph


class AgentRegistry:
    """Maps node names to agents; calling it runs one node (the engine's NodeFn). Built with the
    workflow graph (the assessment graph by default), it checks every agent's declared reads
    against it."""

    def __init__(
        self,
        agents: Mapping[str, Agent],
        knowledge: Any,
        narrator: Narrator,
        compute: ComputePool | None = None,
        graph: Graph | None = None,
    ) -> None:
        self._agents = dict(agents)
        declared = {name: a.reads for name, a in self._agents.items()}
        self._graph = check_reads(graph or assessment_graph(), declared)
        self._knowledge = knowledge
        self._narrator = narrator
        self._analyses = AnalysisCache()
        self._compute = compute

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._agents)

    @property
    def graph(self) -> Graph:
        """The checked graph the engine runs."""
        return self._graph

    async def __call__(
        self, node: str, assessment: Assessment, upstream: Mapping[str, AgentResult]
    ) -> AgentOutput:
        agent = self._agents.get(node)
        if agent is None:
            raise PermanentError(f"no agent is registered for node {node!r}")
        if self._compute is not None and upstream:
            # every node after validation reads the analysis: compute it off the event loop
            await self._analyses.prepare(self._compute, self._knowledge, assessment.input)
        ctx = AgentContext(
            assessment,
            upstream,
            self._knowledge,
            self._narrator,
            self._analyses,
            self._compute,
            frozenset(agent.reads),
        )
        return await agent.run(ctx)
