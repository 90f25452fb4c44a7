"""Workflow engine benchmark: sequential baseline vs the engine, and N concurrent runs.

Simulated agents sleep for configurable latencies (no LLM, no knowledge base),
so the numbers measure the engine: scheduling, checkpoints, events, storage.

    python bench/workflow.py                          # one assessment
    python bench/workflow.py --concurrent 1000        # 1000 at once in one process

Prints JSON. ``efficiency`` = critical path / parallel wall time (1.0 is ideal);
``overhead_ms`` = parallel wall time − critical path.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import example_input

from infra_mind.adapters.inprocess.clock import SystemClock
from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.memory.repositories import (
    InMemoryAgentResultRepository,
    InMemoryAssessmentRepository,
)
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.results import AgentOutput, AgentResult
from infra_mind.domain.workflow import ANALYSTS, SYNTHESIS, assessment_graph
from infra_mind.services.workflow.engine import EngineSettings, WorkflowEngine


def latencies(
    analyst_ms: float, validation_ms: float, synthesis_ms: float, report_ms: float, spread: float
) -> dict[str, float]:
    """Per-node simulated latency in seconds; analysts spread linearly by ``spread``."""
    out = {
        "data_validation": validation_ms / 1000,
        SYNTHESIS: synthesis_ms / 1000,
        "report_generator": report_ms / 1000,
    }
    for i, name in enumerate(ANALYSTS):
        factor = 1 + spread * (i / (len(ANALYSTS) - 1) - 0.5) * 2
        out[name] = analyst_ms * factor / 1000
    return out


def make_engine(delays: Mapping[str, float]) -> tuple[WorkflowEngine, InMemoryAssessmentRepository]:
    repo, results = InMemoryAssessmentRepository(), InMemoryAgentResultRepository()

    async def node(name: str, a: Assessment, up: Mapping[str, AgentResult]) -> AgentOutput:
        await anyio.sleep(delays[name])
        return AgentOutput(facts={"node": name})

    engine = WorkflowEngine(
        assessment_graph(),
        node,
        repo,
        results,
        InProcessEventBus(),
        SystemClock(),
        EngineSettings(control_poll_s=0.5),
    )
    return engine, repo


INPUT = example_input()


async def submit(repo: InMemoryAssessmentRepository, ident: str) -> None:
    now = datetime.now(UTC)
    await repo.add(
        Assessment(
            id=ident,
            tenant_id="bench",
            title=ident,
            input=INPUT,
            created_at=now,
            updated_at=now,
            status=AssessmentStatus.QUEUED,
        )
    )


async def single(delays: Mapping[str, float]) -> dict[str, float]:
    graph = assessment_graph()
    started = time.perf_counter()
    for name in graph.topological_order():  # the sequential baseline
        await anyio.sleep(delays[name])
    sequential = time.perf_counter() - started
    engine, repo = make_engine(delays)
    await submit(repo, "one")
    started = time.perf_counter()
    final = await engine.run("bench", "one")
    parallel = time.perf_counter() - started
    assert final.status is AssessmentStatus.COMPLETED
    critical = graph.critical_path(delays)
    return {
        "sequential_s": round(sequential, 4),
        "parallel_s": round(parallel, 4),
        "critical_path_s": round(critical, 4),
        "overhead_ms": round((parallel - critical) * 1000, 2),
        "speedup": round(sequential / parallel, 2),
        "efficiency": round(critical / parallel, 4),
    }


async def concurrent(delays: Mapping[str, float], n: int) -> dict[str, float | int]:
    engine, repo = make_engine(delays)
    for i in range(n):
        await submit(repo, f"a{i}")
    durations: list[float] = []
    failures = 0

    async def one(i: int) -> None:
        nonlocal failures
        started = time.perf_counter()
        final = await engine.run("bench", f"a{i}")
        durations.append(time.perf_counter() - started)
        failures += final.status is not AssessmentStatus.COMPLETED

    started = time.perf_counter()
    async with anyio.create_task_group() as tg:
        for i in range(n):
            tg.start_soon(one, i)
    wall = time.perf_counter() - started
    durations.sort()
    return {
        "assessments": n,
        "completed": n - failures,
        "failed": failures,
        "wall_s": round(wall, 3),
        "p50_s": round(statistics.median(durations), 4),
        "p95_s": round(durations[int(0.95 * (n - 1))], 4),
        "critical_path_s": round(assessment_graph().critical_path(delays), 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyst-ms", type=float, default=200.0)
    parser.add_argument("--validation-ms", type=float, default=20.0)
    parser.add_argument("--synthesis-ms", type=float, default=50.0)
    parser.add_argument("--report-ms", type=float, default=30.0)
    parser.add_argument(
        "--spread",
        type=float,
        default=0.5,
        help="analyst latencies vary ±spread around --analyst-ms",
    )
    parser.add_argument("--concurrent", type=int, default=0)
    args = parser.parse_args()
    delays = latencies(
        args.analyst_ms, args.validation_ms, args.synthesis_ms, args.report_ms, args.spread
    )
    result: dict[str, object] = {"latencies_s": {k: round(v, 4) for k, v in delays.items()}}
    result["single"] = anyio.run(single, delays)
    if args.concurrent:
        result["concurrent"] = anyio.run(concurrent, delays, args.concurrent)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
