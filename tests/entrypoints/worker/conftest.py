"""A cluster per test: shared SQLite file, the session's redis-server, worker processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.entrypoints.worker.harness import Cluster


@pytest.fixture
def cluster(tmp_path: Path, redis_url: str) -> Iterator[Cluster]:
    c = Cluster(data_dir=tmp_path, redis_url=redis_url, prefix=f"t{uuid.uuid4().hex[:8]}")
    try:
        yield c
    finally:
        c.stop_all()
