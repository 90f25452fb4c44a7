from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import anyio
import pytest

from infra_mind.adapters.inprocess.clock import SystemClock
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
)
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.domain.workflow import assessment_graph
from infra_mind.services.workflow.engine import EngineSettings, WorkflowEngine
from tests.factories import example_input

pytestmark = pytest.mark.anyio


async def test_runs_all_thirteen_nodes_in_parallel() -> None:
    repo, results = InMemoryAssessmentRepository(), InMemoryAgentResultRepository()
    now = datetime.now(UTC)
    a = Assessment(
        id="a1",
        tenant_id="t",
        title="x",
        input=example_input(),
        created_at=now,
        updated_at=now,
        status=AssessmentStatus.QUEUED,
    )
    await repo.add(a)

    async def node(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(0.05)
        return AgentOutput(facts={"node": name, "upstream": sorted(up)})

    engine = WorkflowEngine(
        assessment_graph(),
        node,
        repo,
        results,
        InProcessEventBus(),
        SystemClock(),
        EngineSettings(control_poll_s=0.01),
    )
    t0 = anyio.current_time()
    final = await engine.run("t", "a1")
    assert final.status is AssessmentStatus.COMPLETED
    assert len(await results.list("t", "a1")) == 13
    assert anyio.current_time() - t0 < 0.05 * 4 + 0.1
