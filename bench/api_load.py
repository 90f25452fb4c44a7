"""API load beside a bare Litestar app: same server (uvicorn), same worker count, same body
sizes, same run, load from a separate process (wrk).

Starts ``infra-mind serve`` (embedded default: SQLite in WAL mode, in-process queue) and
bench/bare_app.py on free loopback ports, seeds one completed assessment, then for each
connection count runs wrk against

* GET /api/v1/assessments/{id}/recommendations vs the bare app's GET of the same bytes;
* POST /api/v1/assessments (the fintech example) vs the bare app's POST answering as many bytes.

Prints JSON (``--markdown`` for a table): requests/s and p99 per endpoint and connection
count, and the ratios bench/check_ratios.py asserts. Stops every process it started.

    python bench/api_load.py --workers 2 --connections 50,200,500 --duration 10
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import example_document

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """``command`` in its own process group until the block ends; yields its base URL."""
    proc = subprocess.Popen(
        command,
        env=os.environ | env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# Every API route needs a credential: a token exchanged for a key minted on the
# server's store (the bare app ignores the header; both receive it).
HEADERS: dict[str, str] = {}


def authenticate(base: str, env: dict[str, str]) -> None:
    """Mint an owner key with the CLI, exchange it for a token, send it from now on."""
    cli = [sys.executable, "-c", "from infra_mind.entrypoints.cli.main import main; main()"]
    mint = ["api-keys", "create", "--tenant", "default", "--role", "owner", "--secret-only"]
    for args in (["tenants", "create", "default", "--exist-ok"], mint):
        done = subprocess.run(
            [*cli, *args], env=os.environ | env, cwd=ROOT, check=True, capture_output=True
        )
    key = done.stdout.decode().strip()
    _, token = http("POST", f"{base}{API}/auth/token", json.dumps({"api_key": key}).encode())
    HEADERS["Authorization"] = f"Bearer {json.loads(token)['access_token']}"


def http(method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, method=method, headers={"content-type": "application/json", **HEADERS}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # loopback only
        return response.status, response.read()


def seed(base: str) -> tuple[str, bytes, bytes]:
    """One completed assessment: its id, its recommendations body and a POST answer body."""
    status, created = http(
        "POST", f"{base}{API}/assessments", json.dumps(example_document()).encode()
    )
    assert status == 202, created
    assessment_id = json.loads(created)["id"]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        _, body = http("GET", f"{base}{API}/assessments/{assessment_id}")
        if json.loads(body)["status"] in ("completed", "failed"):
            break
        time.sleep(0.5)
    _, recommendations = http("GET", f"{base}{API}/assessments/{assessment_id}/recommendations")
    return assessment_id, recommendations, created


LATENCY = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
TOTAL = re.compile(r"(\d+) requests in")


def wrk(url: str, connections: int, duration: int, script: Path | None) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script is not None:
        command += ["-s", str(script)]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    value, unit = LATENCY.search(out).groups()  # type: ignore[union-attr]
    p99_ms = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    non_2xx = NON_2XX.search(out)
    return {
        "requests_per_s": float(RATE.search(out).group(1)),  # type: ignore[union-attr]
        "p99_ms": round(p99_ms, 1),
        "requests": int(TOTAL.search(out).group(1)),  # type: ignore[union-attr]
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    ensure_wrk()
    connections = [int(c) for c in args.connections.split(",")]
    with tempfile.TemporaryDirectory(prefix="infra-mind-bench-") as tmp:
        work = Path(tmp)
        post_lua = work / "post.lua"
        post_lua.write_text(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(json.dumps(example_document()))}\n"
        )
        ours_port, bare_port = free_port(), free_port()
        serve = [sys.executable, "-m", "uvicorn", "--factory", "--host", "127.0.0.1"]
        serve += ["--workers", str(args.workers), "--log-level", "warning", "--no-access-log"]
        env = {
            "INFRA_MIND_DATA_DIR": str(work / "data"),
            # the POST run measures the API; admission is measured by its own burst test
            "INFRA_MIND_ADMISSION__MAX_QUEUED": str(args.max_queued),
            "INFRA_MIND_ADMISSION__MAX_QUEUED_PER_TENANT": str(args.max_queued),
            # one key sends thousands of requests a second: measured without the request
            # rate limits and the tenant quotas (their tests are tests/entrypoints/http/)
            "INFRA_MIND_LIMITS__RATE_LIMITS": "false",
            "INFRA_MIND_LIMITS__ASSESSMENTS_PER_MONTH": "1000000000",
            "INFRA_MIND_LIMITS__CONCURRENT_ASSESSMENTS": "1000000000",
        }
        results: dict[str, Any] = {"workers": args.workers, "duration_s": args.duration}
        with server(
            [*serve, "--port", str(ours_port), "infra_mind.entrypoints.http.app:app_factory"],
            env,
            ours_port,
        ) as ours:
            authenticate(ours, env)
            assessment_id, get_body, post_body = seed(ours)
            (work / "get.json").write_bytes(get_body)
            (work / "post.json").write_bytes(post_body)
            bare_env = {
                "BENCH_BODY_FILE": str(work / "get.json"),
                "BENCH_POST_BODY_FILE": str(work / "post.json"),
            }
            results["body_bytes"] = {"get": len(get_body), "post": len(post_body)}
            with server(
                [*serve, "--port", str(bare_port), "bench.bare_app:app_factory"],
                bare_env,
                bare_port,
            ) as bare:
                rec_url = f"{ours}{API}/assessments/{assessment_id}/recommendations"
                for c in connections:
                    results[f"get_c{c}"] = {
                        "api": wrk(rec_url, c, args.duration, None),
                        "bare": wrk(f"{bare}/body", c, args.duration, None),
                    }
                for c in connections:
                    results[f"post_c{c}"] = {
                        "api": wrk(f"{ours}{API}/assessments", c, args.duration, post_lua),
                        "bare": wrk(f"{bare}/body", c, args.duration, post_lua),
                    }
    for key, row in results.items():
        if key.startswith(("get_c", "post_c")):
            row["rate_ratio"] = round(
                row["api"]["requests_per_s"] / row["bare"]["requests_per_s"], 3
            )
            row["p99_ratio"] = round(row["api"]["p99_ms"] / max(row["bare"]["p99_ms"], 0.001), 2)
    return {"api_load": results}


def markdown(result: dict[str, Any]) -> str:
    r = result["api_load"]
    lines = [
        f"workers {r['workers']}, {r['duration_s']} s per run, bodies {r['body_bytes']} bytes",
        "",
        "| run | API req/s | bare req/s | ratio | API p99 ms | bare p99 ms | API non-2xx |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, row in r.items():
        if key.startswith(("get_c", "post_c")):
            a, b = row["api"], row["bare"]
            lines.append(
                f"| {key} | {a['requests_per_s']:.0f} | {b['requests_per_s']:.0f} | "
                f"{row['rate_ratio']:.2f} | {a['p99_ms']} | {b['p99_ms']} | {a['non_2xx']} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", default="50,200,500")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--max-queued", type=int, default=100_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    result = measure(args)
    print(markdown(result) if args.markdown else json.dumps(result))


if __name__ == "__main__":
    main()
