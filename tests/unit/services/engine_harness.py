"""A small harness around the engine with in-memory adapters and scripted nodes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import anyio

from infra_mind.adapters.inprocess.clock import SystemClock
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
)
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.domain.workflow import Graph
from infra_mind.services.workflow.engine import EngineSettings, WorkflowEngine
from tests.factories import example_input

Behaviour = Callable[[str, int], Awaitable[None]]


async def no_op(node: str, attempt: int) -> None:
    return None


@dataclass
class Harness:
    graph: Graph
    behaviour: Behaviour = no_op
    settings: EngineSettings = field(
        default_factory=lambda: EngineSettings(
            control_poll_s=0.01, backoff_base_s=0.001, backoff_max_s=0.01, node_timeout_s=5
        )
    )
    repo: InMemoryAssessmentRepository = field(default_factory=InMemoryAssessmentRepository)
    results: InMemoryAgentResultRepository = field(default_factory=InMemoryAgentResultRepository)
    events: InProcessEventBus = field(default_factory=InProcessEventBus)
    log: list[tuple[str, str, float]] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)

    async def node(
        self, name: str, assessment: Assessment, upstream: Mapping[str, AgentResult]
    ) -> AgentOutput:
        self.attempts[name] = self.attempts.get(name, 0) + 1
        self.log.append(("start", name, anyio.current_time()))
        await self.behaviour(name, self.attempts[name])
        self.log.append(("end", name, anyio.current_time()))
        ok = sorted(n for n, r in upstream.items() if r.ok)
        failed = sorted(n for n, r in upstream.items() if not r.ok)
        return AgentOutput(facts={"node": name, "inputs": ok, "failed_inputs": failed})

    def engine(self) -> WorkflowEngine:
        return WorkflowEngine(
            self.graph,
            self.node,
            self.repo,
            self.results,
            self.events,
            SystemClock(),
            self.settings,
        )

    async def submit(self, assessment_id: str = "a1", tenant: str = "t") -> Assessment:
        now = datetime.now(UTC)
        a = Assessment(
            id=assessment_id,
            tenant_id=tenant,
            title="test",
            input=example_input(),
            created_at=now,
            updated_at=now,
            status=AssessmentStatus.QUEUED,
        )
        return await self.repo.add(a)

    def starts(self) -> list[str]:
        return [n for kind, n, _ in self.log if kind == "start"]

    def time_of(self, kind: str, node: str) -> float:
        return next(t for k, n, t in self.log if k == kind and n == node)
