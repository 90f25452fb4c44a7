"""Servers the adapter contract tests run against, started by the test run itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mongo_server import running_mongo


@pytest.fixture(scope="session")
def mongo_url() -> Iterator[str]:
    with running_mongo() as url:
        yield url
