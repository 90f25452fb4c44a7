"""A MongoDB wire-protocol server for tests: ``INFRA_MIND_TEST_MONGO_URL`` when set,
otherwise a mongoeco proxy started here in a child process on a free loopback port.

The child lives as long as its stdin stays open, so it outlives event loops and
stops even when the test process is killed. Import ``running_mongo`` from any
test directory (the CLI and API tests need it too).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

ENV_URL = "INFRA_MIND_TEST_MONGO_URL"

_SERVER = """
import asyncio, sys
from mongoeco.wire import AsyncMongoEcoProxyServer

async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    async with AsyncMongoEcoProxyServer(host="127.0.0.1", port=port) as server:
        print(server.address.uri, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

asyncio.run(main())
"""


@contextmanager
def running_mongo() -> Iterator[str]:
    """Yields a ``mongodb://`` URL that answers until the block ends."""
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    with mongoeco_server() as url:
        yield url


@contextmanager
def mongoeco_server(port: int = 0) -> Iterator[str]:
    """A mongoeco proxy in a child process on ``port`` (0: any free port)."""
    with mongoeco_process(port) as (url, _child):
        yield url


@contextmanager
def mongoeco_process(port: int = 0) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``mongoeco_server`` with its process, for drills that freeze it (SIGSTOP)."""
    child = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdin is not None
    try:
        line = child.stdout.readline().strip()
        if not line.startswith("mongodb://"):
            child.kill()
            _, err = child.communicate(timeout=10)
            raise RuntimeError(f"mongoeco did not start: {line}{err}")
        yield line, child
    finally:
        if child.poll() is None:
            child.stdin.close()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def fresh_database_name() -> str:
    return f"infra_mind_test_{uuid.uuid4().hex[:12]}"
