from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.cli.main import CliState, app


class Cli:
    def __init__(self, data_dir: Path, backend: str = "sqlite") -> None:
        self.settings = load_settings(storage={"backend": backend}, data_dir=data_dir)
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        # a new container per command, like a new process, sharing the data dir
        state = CliState(container=build_container(self.settings))
        return self.runner.invoke(app, list(args), obj=state, catch_exceptions=False)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", backend="memory")


@pytest.fixture
def write_doc(tmp_path: Path) -> Callable[[Any, str], Path]:
    def write(doc: Any, name: str = "input.yaml") -> Path:
        path = tmp_path / name
        path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc))
        return path

    return write
