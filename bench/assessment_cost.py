"""Per-assessment cost of the real workflow (eleven agents, offline LLM, SQLite store),
the input to the capacity model in docs/scaling.md.

    python bench/assessment_cost.py            # each shipped example, first run and repeat

Runs in one process with the embedded default (in-process queue) after a warm-up on
a different input, so imports and the knowledge-base load are not counted. CPU seconds
are ``time.process_time()`` (every thread of the process: the analysis pool included).
A network LLM adds its own latency and price on top: it is waited on, not computed.
Prints JSON, including the machine and its load average (a loaded machine inflates wall
time more than CPU time).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import example_document

from infra_mind.config import load_settings
from infra_mind.container import build_container, running_container
from infra_mind.domain.input import AssessmentInput
from infra_mind.entrypoints.library import run_in_container

EXAMPLES = ("fintech-fraud-model", "eu-healthcare-support-bot", "retail-recommender")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


async def api_request_cost(requests: int = 200) -> dict[str, float]:
    """CPU ms per POST (stored as a draft, so no run is counted) and per GET of one
    assessment, through the whole HTTP stack in process (Litestar test client, SQLite)."""
    from litestar.testing import AsyncTestClient
    from tests.entrypoints.http.helpers import authenticate

    from infra_mind.entrypoints.http.app import create_app

    doc = example_document()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(data_dir=Path(data_dir), storage={"backend": "sqlite"})
        async with AsyncTestClient(create_app(build_container(settings))) as client:
            await authenticate(client)
            first = await client.post("/api/v1/assessments?draft=true", json=doc)
            url = f"/api/v1/assessments/{first.json()['id']}"
            cpu = time.process_time()
            for _ in range(requests):
                await client.post("/api/v1/assessments?draft=true", json=doc)
            post_ms = (time.process_time() - cpu) * 1000 / requests
            cpu = time.process_time()
            for _ in range(requests):
                await client.get(url)
            get_ms = (time.process_time() - cpu) * 1000 / requests
    return {"post_cpu_ms": round(post_ms, 2), "get_cpu_ms": round(get_ms, 2)}


async def measure(rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(data_dir=Path(data_dir), storage={"backend": "sqlite"})
        container = build_container(settings)
        async with running_container(container):
            warm = example_document("retail-recommender")
            warm["business"]["budget"]["monthly_limit_usd"] += 1  # an input not measured below
            await run_in_container(container, AssessmentInput.model_validate(warm))
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in EXAMPLES}
            for _ in range(rounds):
                for name in EXAMPLES:
                    data = AssessmentInput.model_validate(example_document(name))
                    cpu, wall = time.process_time(), time.perf_counter()
                    outcome = await run_in_container(container, data)
                    runs[name].append(
                        {
                            "cpu_s": time.process_time() - cpu,
                            "wall_s": time.perf_counter() - wall,
                            "stored_kb": len(outcome.model_dump_json()) / 1024,
                            "status": outcome.assessment.status.value == "completed",
                        }
                    )
    first = [r[0] for r in runs.values()]
    repeat = [x for r in runs.values() for x in r[1:]]
    return {
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "first_run": summary(first),
        "repeat_run": summary(repeat) if repeat else None,
        "per_example_first_run": {n: rounded(r[0]) for n, r in runs.items()},
        "all_completed": all(x["status"] for r in runs.values() for x in r),
        "api": await api_request_cost(),
    }


def summary(rows: list[dict[str, float]]) -> dict[str, float]:
    return {
        key: round(statistics.mean(r[key] for r in rows), 3)
        for key in ("cpu_s", "wall_s", "stored_kb")
    } | {"max_cpu_s": round(max(r["cpu_s"] for r in rows), 3)}


def rounded(row: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in row.items() if k != "status"}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    print(json.dumps(anyio.run(measure, rounds), indent=2))


if __name__ == "__main__":
    main()
