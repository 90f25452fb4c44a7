"""`infra-mind assess` on MongoDB (STORAGE__BACKEND=mongo), read back by a new process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.entrypoints.cli.conftest import Cli
from tests.mongo_server import fresh_database_name, running_mongo

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "fintech-fraud-model.yaml"


@pytest.fixture
def mongo_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with running_mongo() as url:
        monkeypatch.setenv("INFRA_MIND_STORAGE__BACKEND", "mongo")
        monkeypatch.setenv("INFRA_MIND_MONGO__URL", url)
        monkeypatch.setenv("INFRA_MIND_MONGO__DATABASE", fresh_database_name())
        yield


@pytest.mark.usefixtures("mongo_env")
def test_assess_on_mongo_is_shown_by_a_later_command(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data", backend="mongo")
    assert cli.settings.mongo.url.startswith("mongodb://")

    assessed = cli("assess", str(EXAMPLE), "--json")
    assert assessed.exit_code == 0, assessed.stderr
    outcome = json.loads(assessed.stdout)
    assessment_id = outcome["assessment"]["id"]

    shown = cli("assessments", "show", assessment_id, "--json")
    assert shown.exit_code == 0, shown.stderr
    again = json.loads(shown.stdout)
    assert (again["assessment"]["id"], again["assessment"]["status"]) == (
        assessment_id,
        "completed",
    )
    assert again["recommendations"] == outcome["recommendations"]
    assert assessment_id in cli("assessments", "list").stdout
    assert not (tmp_path / "data" / "infra-mind.db").exists()  # nothing went to SQLite
