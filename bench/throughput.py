"""Completion rate of the embedded default (SQLite, in-process queue, offline LLM) in one
process: N assessments (the shipped examples in turn) submitted at once, wall time until all
have finished. The admission defaults (docs/api.md) are derived from this rate.

    python bench/throughput.py [--assessments 30]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import EXAMPLES, example_input

from infra_mind.config import load_settings
from infra_mind.container import build_container, resolve, running_container
from infra_mind.domain.assessment import AssessmentStatus


async def measure(n: int, data_dir: Path) -> dict[str, float | int]:
    settings = load_settings(
        storage={"backend": "sqlite"}, data_dir=data_dir, admission={"max_queued": n + 1}
    )
    container = build_container(settings)
    async with running_container(container):
        service = await resolve(container.services.assessment_service)
        queue = await resolve(container.messaging.queue)
        async with anyio.create_task_group() as tg:
            await tg.start(queue.serve)
            started, cpu = time.perf_counter(), time.process_time()
            submitted = [
                await service.submit("bench", example_input(EXAMPLES[i % len(EXAMPLES)]))
                for i in range(n)
            ]
            finished = [await service.wait("bench", a.id) for a in submitted]
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            tg.cancel_scope.cancel()
    completed = sum(a.status is AssessmentStatus.COMPLETED for a in finished)
    return {
        "assessments": n,
        "completed": completed,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "completions_per_s": round(completed / wall, 2),
        "cpu_ms_per_assessment": round(cpu / n * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assessments", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(anyio.run(measure, args.assessments, Path(tmp))))


if __name__ == "__main__":
    main()
