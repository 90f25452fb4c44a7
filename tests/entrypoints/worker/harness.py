"""Worker processes and run-log reading for the end-to-end worker tests and the bench."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio

from infra_mind.config import Settings, load_settings
from infra_mind.container import ApplicationContainer, running_container
from tests.entrypoints.worker.app import build_test_container

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Cluster:
    """A shared SQLite file + Redis; the test process plays the API."""

    data_dir: Path
    redis_url: str
    prefix: str
    node_s: float = 0.5
    lease_ttl_s: float = 3.0
    heartbeat_s: float = 1.0
    reconcile_s: int = 1
    concurrency: int = 8
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def runlog(self) -> Path:
        return self.data_dir / "runs.log"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "INFRA_MIND_DATA_DIR": str(self.data_dir),
            "INFRA_MIND_STORAGE__BACKEND": "memory",  # replaced by the shared SQLite file
            "INFRA_MIND_QUEUE__BACKEND": "arq",
            "INFRA_MIND_QUEUE__CONCURRENCY": str(self.concurrency),
            "INFRA_MIND_QUEUE__LEASE_TTL_S": str(self.lease_ttl_s),
            "INFRA_MIND_QUEUE__HEARTBEAT_S": str(self.heartbeat_s),
            "INFRA_MIND_QUEUE__RECONCILE_S": str(self.reconcile_s),
            "INFRA_MIND_ENGINE__CONTROL_POLL_S": "0.2",
            "INFRA_MIND_REDIS__URL": self.redis_url,
            "INFRA_MIND_REDIS__KEY_PREFIX": self.prefix,
            "INFRA_MIND_TEST_RUNLOG": str(self.runlog),
            "INFRA_MIND_TEST_NODE_S": str(self.node_s),
            # These tests measure workers, not admission control: a burst of 100 at once
            # must not meet its conservative count (services/admission.py).
            "INFRA_MIND_ADMISSION__MAX_QUEUED": "10000",
            "INFRA_MIND_ADMISSION__MAX_QUEUED_PER_TENANT": "10000",
            "INFRA_MIND_LIMITS__CONCURRENT_ASSESSMENTS": "10000",
        }

    def settings(self) -> Settings:
        env = self.env()
        keys = [k for k in env if k.startswith("INFRA_MIND_")]
        saved = {k: os.environ.get(k) for k in keys}
        os.environ.update({k: env[k] for k in keys})
        try:
            return load_settings()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def start_worker(self) -> subprocess.Popen[bytes]:
        cmd = [sys.executable, "-m", "tests.entrypoints.worker.app"]
        if os.environ.get("COVERAGE_PROCESS_START"):
            cmd = [sys.executable, "-m", "coverage", "run", "--parallel-mode", "-m", cmd[2]]
        log = open(self.data_dir / f"worker-{len(self.workers)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env(), stdout=log, stderr=log)
        self.workers.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        proc.send_signal(sig)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)

    @asynccontextmanager
    async def api(self) -> AsyncIterator[ApplicationContainer]:
        async with running_container(build_test_container(self.settings())) as c:
            yield c

    def runs(self) -> list[tuple[int, str, str, str, float]]:
        if not self.runlog.exists():
            return []
        rows = []
        for line in self.runlog.read_text().splitlines():
            pid, aid, node, what, at = line.split()
            rows.append((int(pid), aid, node, what, float(at)))
        return rows

    def starts(self, assessment_id: str) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, aid, node, what, _ in self.runs():
            if aid == assessment_id and what == "start":
                counts[node] += 1
        return dict(counts)


async def until(check: Callable[[], Awaitable[bool]], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await anyio.sleep(0.1)
