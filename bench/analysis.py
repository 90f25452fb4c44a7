"""CPU per assessment: the serving search as shipped vs the brute-force reference.

For each shipped example, runs the whole 13-node workflow (offline LLM, in-memory adapters,
tests/unit/services/agents/harness.py) with the search memos emptied first, so every run pays
for its own analysis, and measures process CPU time. ``reference`` runs the same workflow with
the serving search replaced by tests/reference_search.py (every batch × tensor-parallel degree ×
instance type built as explained pydantic objects, as first written); ``ratio`` =
reference / shipped, measured alternately in the same process so machine load hits both.

    python bench/analysis.py [--runs 5] [--markdown]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import EXAMPLES, example_input
from tests.reference_search import reference_best, reference_choose_serving, reference_fastest
from tests.unit.services.agents.harness import run

from infra_mind.domain import planning
from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.serving_search import clear_memos
from infra_mind.services.agents import research


@contextlib.contextmanager
def reference_search() -> Iterator[None]:
    """The planner and the research agent on the brute-force search for the duration."""
    saved = planning._choose_serving, research.best_serving, research.fastest_serving
    planning._choose_serving = reference_choose_serving  # type: ignore[assignment]
    research.best_serving = reference_best
    research.fastest_serving = reference_fastest
    try:
        yield
    finally:
        planning._choose_serving, research.best_serving, research.fastest_serving = saved  # type: ignore[assignment]


def cpu_ms(data: AssessmentInput) -> float:
    clear_memos()
    start = time.process_time()
    anyio.run(run, data)
    return (time.process_time() - start) * 1000


def measure(runs: int) -> dict[str, Any]:
    rows = {}
    for name in EXAMPLES:
        data = example_input(name)
        cpu_ms(data)  # imports and first-use costs are not per assessment
        shipped, reference = [], []
        for _ in range(runs):
            shipped.append(cpu_ms(data))
            with reference_search():
                reference.append(cpu_ms(data))
        s, r = statistics.median(shipped), statistics.median(reference)
        rows[name] = {
            "shipped_cpu_ms": round(s, 1),
            "reference_cpu_ms": round(r, 1),
            "ratio": round(r / s, 2),
        }
    return {"runs": runs, "examples": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| example | shipped CPU ms | reference CPU ms | reference / shipped |",
        "|---|---|---|---|",
    ]
    for name, row in result["examples"].items():
        lines.append(
            f"| {name} | {row['shipped_cpu_ms']} | {row['reference_cpu_ms']} | {row['ratio']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    result = measure(args.runs)
    print(markdown(result) if args.markdown else json.dumps(result))


if __name__ == "__main__":
    main()
