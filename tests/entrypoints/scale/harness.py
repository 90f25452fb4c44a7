"""A deployment on loopback: API processes (``infra-mind serve``) and arq worker processes
sharing one store (a SQLite file, or a MongoDB database) and one Redis (a URL, or
Sentinel), for the scale-out drills.

Workers are the shipped worker entry (``entrypoints.worker.run``) over the recording
test container (``tests/entrypoints/worker/app.py``): agents sleep instead of
computing, so a drill costs wall time, not the shared CPU, and every node start
is logged with the worker's pid.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field

import anyio
import httpx

from tests.entrypoints.worker.harness import ROOT, Cluster
from tests.factories import example_document
from tests.redis_server import free_port

SERVE = "from infra_mind.entrypoints.cli.main import main; main()"
API = "/api/v1"


@dataclass
class ApiProcess:
    proc: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Deployment(Cluster):
    """The worker harness plus API processes; ``sentinels`` set means every Redis
    use of every process goes through Sentinel."""

    sentinels: str = ""
    mongo_url: str = ""
    mongo_database: str = ""
    apis: list[ApiProcess] = field(default_factory=list)
    owner_key: str = ""

    def env(self) -> dict[str, str]:
        if self.mongo_url:  # every process on the same MongoDB database
            store = {
                "INFRA_MIND_STORAGE__BACKEND": "mongo",
                "INFRA_MIND_MONGO__URL": self.mongo_url,
                "INFRA_MIND_MONGO__DATABASE": self.mongo_database,
            }
        else:  # the API's own SQLite adapter on the file the recording workers share
            store = {
                "INFRA_MIND_STORAGE__BACKEND": "sqlite",
                "INFRA_MIND_STORAGE__SQLITE_FILE": "shared.db",
            }
        env = {**super().env(), **store}
        if self.sentinels:
            env["INFRA_MIND_REDIS__URL"] = "redis://unused.invalid:1/0"  # Sentinel must win
            env["INFRA_MIND_REDIS__SENTINELS"] = self.sentinels
        return env

    def start_api(self) -> ApiProcess:
        """``infra-mind serve`` on a free port (not waited for: see ``wait_live``)."""
        port = free_port()
        cmd = [sys.executable, "-c", SERVE, "serve", "--host", "127.0.0.1", "--port", str(port)]
        log = open(self.data_dir / f"api-{len(self.apis)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env(), stdout=log, stderr=log)
        api = ApiProcess(proc, port)
        self.apis.append(api)
        return api

    def wait_live(self, timeout_s: float = 90) -> None:
        """Until every API process answers ``/health/live``."""
        deadline = time.monotonic() + timeout_s
        for api in self.apis:
            while True:
                assert api.proc.poll() is None, f"API on {api.port} exited; see its log"
                try:
                    if httpx.get(api.url + "/health/live", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"API on {api.port} did not start"
                time.sleep(0.2)

    def auth_headers(self) -> dict[str, str]:
        """An owner key of the default tenant, minted once with the CLI on the shared store."""
        if not self.owner_key:
            cli = [sys.executable, "-c", SERVE]
            run = {"cwd": ROOT, "env": self.env(), "check": True, "capture_output": True}
            subprocess.run([*cli, "tenants", "create", "default", "--exist-ok"], **run)  # type: ignore[call-overload]
            minted = subprocess.run(  # type: ignore[call-overload]
                [
                    *cli,
                    "api-keys",
                    "create",
                    "--tenant",
                    "default",
                    "--role",
                    "owner",
                    "--secret-only",
                ],
                **run,
            )
            self.owner_key = minted.stdout.decode().strip()
        return {"Authorization": f"Bearer {self.owner_key}"}

    def client(self, *, authenticated: bool = True) -> httpx.AsyncClient:
        """A client of the deployment's APIs, as the owner unless told otherwise. No pooled
        keep-alive connections: a POST sent on a connection the server is closing at its
        keep-alive timeout gets no answer (the HTTP/1.1 race every client meets; a POST is not
        retried blindly). Seen once under a loaded machine as httpx.ReadError."""
        return httpx.AsyncClient(
            timeout=30,
            headers=self.auth_headers() if authenticated else None,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    async def submit(self, client: httpx.AsyncClient, count: int) -> list[httpx.Response]:
        """``count`` example assessments posted at once, alternating between the APIs."""
        answers: list[httpx.Response] = []

        async def one(api: ApiProcess) -> None:
            answers.append(
                await client.post(f"{api.url}{API}/assessments", json=example_document())
            )

        async with anyio.create_task_group() as tg:
            for i in range(count):
                tg.start_soon(one, self.apis[(i + 1) % len(self.apis)])
        return answers

    def worker_pids(self) -> set[int]:
        return {w.pid for w in self.workers}

    def pids_that_ran(self) -> set[int]:
        return {pid for pid, _aid, _node, what, _at in self.runs() if what == "start"}

    def stop_all(self) -> None:
        for api in self.apis:
            if api.proc.poll() is None:
                api.proc.terminate()
                try:
                    api.proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    api.proc.kill()
                    api.proc.wait()
        super().stop_all()
