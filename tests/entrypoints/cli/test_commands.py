from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from infra_mind.entrypoints.cli.main import CliState, app
from tests.entrypoints.cli.conftest import Cli
from tests.factories import EXAMPLES

EXAMPLE = Path(__file__).parents[3] / "examples" / "fintech-fraud-model.yaml"


def test_example_lists_and_prints_valid_examples(cli: Cli, tmp_path: Path) -> None:
    listed = cli("example")
    assert listed.stdout.split() == list(EXAMPLES)
    printed = cli("example", "retail-recommender")
    target = tmp_path / "r.yaml"
    target.write_text(printed.stdout)
    assert yaml.safe_load(printed.stdout)["business"]["company_name"] == "ShopNest Retail Group"
    assert cli("validate", str(target)).exit_code == 0


def test_unknown_example_exits_2(cli: Cli) -> None:
    result = cli("example", "nope")
    assert result.exit_code == 2
    assert "choose one of" in result.stderr


def test_assess_json_holds_eleven_agents_ranked_costed_recommendations(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path / "data", backend="sqlite")
    result = cli("assess", str(EXAMPLE), "--json", "--report-dir", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.stderr
    outcome = json.loads(result.stdout)
    agents = [r for r in outcome["results"] if r["node"] not in ("data_validation", "synthesis")]
    assert len(agents) == 11
    assert all(r["status"] == "completed" for r in outcome["results"])
    bundles = outcome["recommendations"]
    assert [b["recommendation"]["rank"] for b in bundles] == list(range(1, len(bundles) + 1))
    for b in bundles:
        assert b["cost"]["monthly_total_usd"] == pytest.approx(
            sum(i["monthly_usd"] for i in b["cost"]["line_items"])
        )
        assert b["compliance"]["verdict"]
        assert b["plan"]["phases"]
    assert outcome["total_monthly_cost_usd"] == pytest.approx(
        sum(b["cost"]["monthly_total_usd"] for b in bundles)
    )
    report = next((tmp_path / "reports").glob("*.md")).read_text()
    assert outcome["assessment"]["title"] in report

    # stored in SQLite: a new "process" lists, shows and deletes it
    assessment_id = outcome["assessment"]["id"]
    listed = cli("assessments", "list")
    assert assessment_id in listed.stdout
    shown = cli("assessments", "show", assessment_id, "--json")
    assert json.loads(shown.stdout)["assessment"]["id"] == assessment_id
    assert cli("assessments", "delete", assessment_id).exit_code == 0
    missing = cli("assessments", "show", assessment_id)
    assert missing.exit_code == 1
    assert f"assessment {assessment_id!r} not found" in missing.stderr


def test_assess_prints_a_summary(cli: Cli) -> None:
    result = cli("assess", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert "total monthly cost: $" in result.stdout
    assert "compliance verdict:" in result.stdout
    assert "prices: knowledge-base catalog as of 20" in result.stdout
    assert "applicable frameworks:" in result.stdout
    assert "  pci_dss: " in result.stdout
    assert "implementation plan:" in result.stdout
    assert "  #1 (" in result.stdout


def test_list_rejects_an_unknown_status(cli: Cli) -> None:
    result = cli("assessments", "list", "--status", "sleeping")
    assert result.exit_code == 2
    assert "--status: must be one of" in result.stderr


def test_bad_settings_exit_2_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFRA_MIND_STORAGE__BACKEND", "floppy")
    result = CliRunner().invoke(
        app, ["assessments", "list"], obj=CliState(), catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "INFRA_MIND_STORAGE__BACKEND" in result.stderr
