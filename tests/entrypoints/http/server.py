"""``infra-mind serve`` as a real process on a free loopback port, for the fault drills.

The embedded default (SQLite file, in-process queue) unless ``env`` says otherwise. On a
new store ``serve`` creates the default tenant and prints its owner key once: the
drills use that key, so a drill starts one process, not three.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[3]
CLI = [sys.executable, "-c", "from infra_mind.entrypoints.cli.main import main; main()"]


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    key: str
    log: Path
    started_at: float  # time.monotonic() when the process was started

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, timeout_s: float = 30.0) -> httpx.Client:
        return httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=timeout_s,
        )


def server_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment without the caller's INFRA_MIND_* variables, plus ``settings``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INFRA_MIND_")}
    return {**clean, "INFRA_MIND_DATA_DIR": str(data_dir), **settings}


def printed_owner_key(log: Path) -> str:
    """The one-time owner key ``serve`` printed on a new store (the line after the notice)."""
    lines = log.read_text().splitlines()
    notice = next(i for i, line in enumerate(lines) if "owner API key" in line)
    return lines[notice + 1].strip()


def wait_live(server: Server, timeout_s: float = 60.0) -> float:
    """Seconds until ``/health/live`` answers 200 (fails if the process exits first)."""
    started = time.monotonic()
    while True:
        assert server.proc.poll() is None, server.log.read_text()[-3000:]
        try:
            if httpx.get(server.url + "/health/live", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        assert time.monotonic() - started < timeout_s, "the server did not start"
        time.sleep(0.1)


@contextmanager
def serving(env: dict[str, str]) -> Iterator[Server]:
    """A started server (live) over ``env``, a new store; stopped (SIGTERM, then SIGKILL)."""
    port = free_port()
    log = Path(env["INFRA_MIND_DATA_DIR"]) / f"serve-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        started_at = time.monotonic()
        proc = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    server = Server(proc, port, "", log, started_at)
    try:
        wait_live(server)
        server.key = printed_owner_key(log)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_status(
    client: httpx.Client, assessment_id: str, wanted: set[str], timeout_s: float = 60.0
) -> str:
    """Poll the assessment's status until it is one of ``wanted``; returns it."""
    deadline = time.monotonic() + timeout_s
    status = ""
    while time.monotonic() < deadline:
        r = client.get(f"/api/v1/assessments/{assessment_id}/status")
        if r.status_code == 200:
            status = r.json()["status"]
            if status in wanted:
                return status
        time.sleep(0.1)
    raise AssertionError(f"{assessment_id} still {status or 'unreadable'} after {timeout_s} s")
