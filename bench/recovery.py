"""Recovery after kill -9: prints JSON with the time from the kill to completion on a
live worker, and how many checkpointed nodes ran again (must be 0).

Uses the default lease TTL (10 s), heartbeat (3 s) and reconcile interval (5 s)
unless given: ``python bench/recovery.py [--ttl 10 --heartbeat 3 --reconcile 5]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.entrypoints.worker.harness import Cluster, until
from tests.factories import example_input
from tests.redis_server import redis_server

from infra_mind.container import resolve
from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.workflow import ANALYSTS


async def measure(args: argparse.Namespace, redis_url: str, data_dir: Path) -> dict[str, object]:
    cluster = Cluster(
        data_dir=data_dir,
        redis_url=redis_url,
        prefix=f"bench{uuid.uuid4().hex[:6]}",
        node_s=args.node_s,
        lease_ttl_s=args.ttl,
        heartbeat_s=args.heartbeat,
        reconcile_s=args.reconcile,
    )
    try:
        first = cluster.start_worker()
        async with cluster.api() as c:
            service = await resolve(c.services.assessment_service)
            results = await resolve(c.storage.results)
            aid = (await service.submit("bench", example_input())).id

            async def analysts_done() -> bool:
                done = {r.node for r in await results.list("bench", aid) if r.ok}
                return len(done & set(ANALYSTS)) >= 2

            await until(analysts_done, 60, "analysts")
            cluster.kill(first)
            killed = time.monotonic()
            checkpointed = {r.node for r in await results.list("bench", aid) if r.ok}
            cluster.start_worker()

            async def completed() -> bool:
                return (await service.get("bench", aid)).status is AssessmentStatus.COMPLETED

            await until(completed, 120, "completion")
            recovery_s = time.monotonic() - killed
        starts = cluster.starts(aid)
        return {
            "recovery_s": round(recovery_s, 2),
            "checkpointed_nodes_at_kill": len(checkpointed),
            "checkpointed_nodes_rerun": sum(starts[n] - 1 for n in checkpointed),
            "nodes_total": len(starts),
            "lease_ttl_s": args.ttl,
            "heartbeat_s": args.heartbeat,
            "reconcile_s": args.reconcile,
            "node_s": args.node_s,
        }
    finally:
        cluster.stop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ttl", type=float, default=10.0)
    parser.add_argument("--heartbeat", type=float, default=3.0)
    parser.add_argument("--reconcile", type=int, default=5)
    parser.add_argument("--node-s", type=float, default=0.5)
    args = parser.parse_args()
    with redis_server() as url, tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(anyio.run(measure, args, url, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
