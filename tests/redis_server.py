"""A throwaway redis-server on a free loopback port (installed from Debian when missing)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def ensure_redis_installed() -> str:
    path = shutil.which("redis-server")
    if path:
        return path
    install = ["apt-get", "install", "-y", "redis-server", "redis-sentinel"]
    if subprocess.run(install, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True, check=True)
        subprocess.run(install, capture_output=True, check=True)
    path = shutil.which("redis-server")
    assert path, "redis-server is still not on PATH after installing it"
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_pong(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {port}") from None
            time.sleep(0.05)


@dataclass
class RedisProcess:
    """One redis-server on a fixed loopback port that a test can stop, start again
    on the same address, freeze (SIGSTOP) and thaw, to play Redis faults."""

    port: int = field(default_factory=free_port)
    workdir: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="redis-"))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [ensure_redis_installed(), "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--dir", self.workdir]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        _wait_for_pong(self.port, self.proc)

    def stop(self) -> None:
        """``kill -9``: whatever it held in memory is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(timeout=10)

    def freeze(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)


@contextmanager
def redis_process() -> Iterator[RedisProcess]:
    """A started :class:`RedisProcess`, killed and cleaned up on exit."""
    server = RedisProcess()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)


@contextmanager
def redis_server() -> Iterator[str]:
    """Yields ``redis://127.0.0.1:<port>/0``; no persistence, killed on exit."""
    binary = ensure_redis_installed()
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="redis-")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen([*args, "--dir", workdir], stdout=subprocess.DEVNULL)
    try:
        _wait_for_pong(port, proc)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _ensure_sentinel_installed() -> str:
    if not shutil.which("redis-sentinel"):
        ensure_redis_installed()
        install = ["apt-get", "install", "-y", "redis-sentinel"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update"], capture_output=True, check=True)
            subprocess.run(install, capture_output=True, check=True)
    path = shutil.which("redis-sentinel")
    assert path, "redis-sentinel is still not on PATH after installing it"
    return path


def _command(port: int, *args: str) -> Any:
    """One command on a fresh connection to ``port``; the raw reply."""
    import redis

    return redis.Redis(port=port, socket_timeout=2).execute_command(*args)  # type: ignore[no-untyped-call]


def _await(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        except Exception as exc:
            if "Connection" not in type(exc).__name__ and "Busy" not in type(exc).__name__:
                raise
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)


@dataclass
class SentinelCluster:
    """A master, one replica and three sentinels on loopback ports."""

    master_name: str
    master_port: int
    replica_port: int
    sentinel_ports: list[int]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def sentinels(self) -> str:
        """``INFRA_MIND_REDIS__SENTINELS``."""
        return ",".join(f"127.0.0.1:{p}" for p in self.sentinel_ports)

    def master_port_now(self) -> int:
        """The master port the sentinels currently agree on (the first one's view)."""
        _host, port = _command(
            self.sentinel_ports[0], "SENTINEL", "get-master-addr-by-name", self.master_name
        )
        return int(port)

    def kill_master(self) -> None:
        proc = self.procs["master"]
        proc.kill()
        proc.wait(timeout=10)

    def wait_for_failover(self, timeout_s: float = 30) -> float:
        """Seconds until every sentinel names the replica as master."""
        started = time.monotonic()

        def promoted() -> bool:
            for port in self.sentinel_ports:
                _, master = _command(port, "SENTINEL", "get-master-addr-by-name", self.master_name)
                if int(master) != self.replica_port:
                    return False
            role = _command(self.replica_port, "ROLE")
            return isinstance(role, list) and role[0] == b"master"

        _await(promoted, timeout_s, "the sentinels to promote the replica")
        return time.monotonic() - started


@contextmanager
def sentinel_cluster(master_name: str = "mymaster") -> Iterator[SentinelCluster]:
    """Master + replica + 3 ``redis-sentinel`` processes (quorum 2, down after 1 s).

    Ready when every sentinel knows the replica and the two other sentinels, so
    a failover can start as soon as the master dies."""
    server = ensure_redis_installed()
    sentinel = _ensure_sentinel_installed()
    workdir = Path(tempfile.mkdtemp(prefix="redis-sentinel-"))
    cluster = SentinelCluster(master_name, free_port(), free_port(), [free_port() for _ in "abc"])
    common = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    try:
        for name, port, extra in (
            ("master", cluster.master_port, []),
            (
                "replica",
                cluster.replica_port,
                ["--replicaof", "127.0.0.1", str(cluster.master_port)],
            ),
        ):
            (workdir / name).mkdir()
            args = [server, "--port", str(port), *common, "--dir", str(workdir / name), *extra]
            cluster.procs[name] = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        _await(
            lambda: _command(cluster.replica_port, "ROLE")[3] == b"connected",
            15,
            "the replica to sync",
        )
        for i, port in enumerate(cluster.sentinel_ports):
            conf = workdir / f"sentinel-{i}.conf"
            conf.write_text(
                f"port {port}\nbind 127.0.0.1\ndir {workdir}\n"
                f"sentinel monitor {master_name} 127.0.0.1 {cluster.master_port} 2\n"
                f"sentinel down-after-milliseconds {master_name} 1000\n"
                f"sentinel failover-timeout {master_name} 5000\n"
                f"sentinel parallel-syncs {master_name} 1\n"
            )
            cluster.procs[f"sentinel-{i}"] = subprocess.Popen(
                [sentinel, str(conf)], stdout=subprocess.DEVNULL
            )

        def settled() -> bool:
            for port in cluster.sentinel_ports:
                info = _command(port, "SENTINEL", "master", master_name)
                fields = dict(zip(info[::2], info[1::2], strict=True))
                if int(fields[b"num-slaves"]) < 1 or int(fields[b"num-other-sentinels"]) < 2:
                    return False
            return True

        _await(settled, 30, "the sentinels to discover the replica and each other")
        yield cluster
    finally:
        for proc in cluster.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
