"""A POST burst against ``infra-mind serve`` with an admission limit: how much work is left
queued, and how every extra request was answered.

wrk POSTs the fintech example at ``--connections`` for ``--duration`` seconds; afterwards the
store is counted (queued + running must not exceed the limit) and one more POST must be
``429`` with ``Retry-After``. One server worker: each process admits exactly up to the limit
(with N processes sharing a store each may add its in-flight requests).

    python bench/burst.py [--connections 500] [--duration 15] [--limit 100]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.api_load import API, HEADERS, authenticate, ensure_wrk, free_port, server, wrk
from tests.factories import example_document


def extra_post(base: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base}{API}/assessments",
        data=json.dumps(example_document()).encode(),
        method="POST",
        headers={"content-type": "application/json", **HEADERS},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # loopback only
            return {"status": response.status, "retry_after": None}
    except urllib.error.HTTPError as exc:
        return {"status": exc.code, "retry_after": exc.headers.get("Retry-After")}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="infra-mind-burst-") as tmp:
        work = Path(tmp)
        post_lua = work / "post.lua"
        post_lua.write_text(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(json.dumps(example_document()))}\n"
        )
        port = free_port()
        env = {
            "INFRA_MIND_DATA_DIR": str(work / "data"),
            "INFRA_MIND_ADMISSION__MAX_QUEUED": str(args.limit),
            "INFRA_MIND_ADMISSION__MAX_QUEUED_PER_TENANT": str(args.limit),
            # one key sends thousands of requests a second: measured without the request
            # rate limits and the tenant quotas (their tests are tests/entrypoints/http/)
            "INFRA_MIND_LIMITS__RATE_LIMITS": "false",
            "INFRA_MIND_LIMITS__ASSESSMENTS_PER_MONTH": "1000000000",
            "INFRA_MIND_LIMITS__CONCURRENT_ASSESSMENTS": "1000000000",
        }
        command = [sys.executable, "-m", "uvicorn", "--factory", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--workers", "1", "--log-level", "warning"]
        command += ["--no-access-log", "infra_mind.entrypoints.http.app:app_factory"]
        with server(command, env, port) as base:
            authenticate(base, env)
            load = wrk(f"{base}{API}/assessments", args.connections, args.duration, post_lua)
            extra = extra_post(base)
            db = sqlite3.connect(work / "data" / "infra-mind.db")
            counts = dict(db.execute("SELECT status, COUNT(*) FROM assessments GROUP BY status"))
            db.close()
    unfinished = counts.get("queued", 0) + counts.get("running", 0)
    return {
        "burst": {
            "limit": args.limit,
            "connections": args.connections,
            "duration_s": args.duration,
            "requests": load["requests"],
            "refused_non_2xx": load["non_2xx"],
            "stored_by_status": counts,
            "queued_or_running_after": unfinished,
            "within_limit": unfinished <= args.limit,
            "extra_post": extra,
        }
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--limit", type=int, default=100)
    print(json.dumps(measure(parser.parse_args())))


if __name__ == "__main__":
    main()
