"""The workflow engine beside its peers on the same 13-node graph and latencies: a bare anyio
DAG (each node waits for its dependencies' events: the floor) and LangGraph's fan-out/fan-in
(StateGraph, the ten analysts after validation, synthesis joining them). The engine also
checkpoints every node and publishes progress events, which the peers do not.

    uv run --group bench python bench/peers.py [--concurrent 100,1000] [--markdown]

Prints JSON: per implementation, one assessment's wall time and overhead over the critical
path, and N concurrent assessments' wall time and p95; ``ratios`` compare the engine's CPU
with LangGraph's and the bare DAG's, measured in the same process and run."""

from __future__ import annotations

import argparse
import json
import operator
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, TypedDict

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.workflow import latencies, make_engine, submit

from infra_mind.domain.workflow import assessment_graph

Runner = Callable[[str], Awaitable[None]]


def bare_dag(delays: Mapping[str, float]) -> Runner:
    graph = assessment_graph()

    async def run(_: str) -> None:
        done = {n: anyio.Event() for n in graph.nodes}

        async def node(name: str) -> None:
            for dep in graph.deps[name]:
                await done[dep].wait()
            await anyio.sleep(delays[name])
            done[name].set()

        async with anyio.create_task_group() as tg:
            for name in graph.nodes:
                tg.start_soon(node, name)

    return run


class State(TypedDict):
    finished: Annotated[list[str], operator.add]


def langgraph(delays: Mapping[str, float]) -> Runner:
    from langgraph.graph import END, START, StateGraph

    graph = assessment_graph()
    builder = StateGraph(State)

    def step(name: str) -> Callable[[State], Awaitable[dict[str, list[str]]]]:
        async def node(state: State) -> dict[str, list[str]]:
            await anyio.sleep(delays[name])
            return {"finished": [name]}

        return node

    for name in graph.nodes:
        builder.add_node(name, step(name))  # type: ignore[call-overload]
    for name in graph.nodes:
        deps = sorted(graph.deps[name])
        if not deps:
            builder.add_edge(START, name)
        elif len(deps) == 1:
            builder.add_edge(deps[0], name)
        else:
            builder.add_edge(deps, name)  # fan-in: waits for every analyst
        if not graph.dependents(name):
            builder.add_edge(name, END)
    compiled = builder.compile()

    async def run(_: str) -> None:
        await compiled.ainvoke({"finished": []})

    return run


def engine(delays: Mapping[str, float]) -> tuple[Runner, Callable[[str], Awaitable[None]]]:
    wf, repo = make_engine(delays)

    async def run(ident: str) -> None:
        await wf.run("bench", ident)

    async def prepare(ident: str) -> None:
        await submit(repo, ident)

    return run, prepare


async def measure(
    run: Runner, prepare: Callable[[str], Awaitable[None]] | None, n: int, tag: str
) -> dict[str, float]:
    idents = [f"{tag}-{n}-{i}" for i in range(n)]
    if prepare is not None:
        for ident in idents:
            await prepare(ident)
    durations: list[float] = []

    async def one(ident: str) -> None:
        started = time.perf_counter()
        await run(ident)
        durations.append(time.perf_counter() - started)

    cpu, wall = time.process_time(), time.perf_counter()
    async with anyio.create_task_group() as tg:
        for ident in idents:
            tg.start_soon(one, ident)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    durations.sort()
    return {
        "assessments": n,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "p50_s": round(statistics.median(durations), 4),
        "p95_s": round(durations[int(0.95 * (n - 1))], 4),
    }


async def compare(delays: Mapping[str, float], sizes: list[int]) -> dict[str, Any]:
    critical = assessment_graph().critical_path(delays)
    ours, prepare = engine(delays)
    runners: dict[str, tuple[Runner, Callable[[str], Awaitable[None]] | None]] = {
        "engine": (ours, prepare),
        "bare_anyio_dag": (bare_dag(delays), None),
        "langgraph": (langgraph(delays), None),
    }
    out: dict[str, Any] = {"critical_path_s": round(critical, 4)}
    for name, (run, prep) in runners.items():
        single = await measure(run, prep, 1, name)
        row: dict[str, Any] = {
            "single_s": single["wall_s"],
            "overhead_ms": round((single["wall_s"] - critical) * 1000, 1),
        }
        for n in sizes:
            row[f"concurrent_{n}"] = await measure(run, prep, n, name)
        out[name] = row
    largest = f"concurrent_{max(sizes)}"
    out["ratios"] = {
        "engine_cpu_vs_langgraph": round(
            out["engine"][largest]["cpu_s"] / out["langgraph"][largest]["cpu_s"], 2
        ),
        "engine_cpu_vs_bare": round(
            out["engine"][largest]["cpu_s"] / out["bare_anyio_dag"][largest]["cpu_s"], 2
        ),
    }
    return out


def markdown(result: dict[str, Any]) -> str:
    sizes = [k for k in result["engine"] if k.startswith("concurrent_")]
    head = "| implementation | single s | overhead ms | " + " | ".join(
        f"{k.split('_')[1]} wall s / p95 s / CPU s" for k in sizes
    )
    lines = [head + " |", "|---" * (3 + len(sizes)) + "|"]
    for name in ("engine", "bare_anyio_dag", "langgraph"):
        row = result[name]
        cells = [f"{row[k]['wall_s']} / {row[k]['p95_s']} / {row[k]['cpu_s']}" for k in sizes]
        lines.append(f"| {name} | {row['single_s']} | {row['overhead_ms']} | {' | '.join(cells)} |")
    lines.append("")
    lines.append(f"critical path {result['critical_path_s']} s; ratios {result['ratios']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrent", default="100,1000")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    delays = latencies(200.0, 20.0, 50.0, 30.0, 0.5)
    result = anyio.run(compare, delays, [int(n) for n in args.concurrent.split(",")])
    print(markdown(result) if args.markdown else json.dumps(result))


if __name__ == "__main__":
    main()
