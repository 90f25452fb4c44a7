"""Every outcome states the catalog's age; past the limit the summary and report warn."""

from __future__ import annotations

import json
from pathlib import Path

from infra_mind.config import load_settings
from tests.entrypoints.cli.conftest import Cli

EXAMPLE = Path(__file__).parents[3] / "examples" / "fintech-fraud-model.yaml"


def _cli(tmp_path: Path, max_age_days: int) -> Cli:
    cli = Cli(tmp_path / "data", backend="memory")
    cli.settings = load_settings(
        storage={"backend": "memory"},
        data_dir=tmp_path / "data",
        catalog={"max_age_days": max_age_days},
    )
    return cli


def test_outcome_json_states_the_catalog_age(tmp_path: Path) -> None:
    result = _cli(tmp_path, 90)("assess", str(EXAMPLE), "--json")

    catalog = json.loads(result.stdout)["catalog"]
    assert catalog["as_of"] == "2025-08-01"
    assert catalog["age_days"] > 90
    assert catalog["stale"] is True


def test_an_old_catalog_prints_the_refresh_warning_in_summary_and_report(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    result = _cli(tmp_path, 90)("assess", str(EXAMPLE), "--report-dir", str(reports))

    assert "catalog age: prices as of 2025-08-01" in result.stdout
    assert "warning: catalog prices are from 2025-08-01" in result.stdout
    assert "infra-mind catalog refresh" in next(reports.glob("*.md")).read_text()


def test_a_catalog_within_a_generous_limit_prints_no_warning(tmp_path: Path) -> None:
    result = _cli(tmp_path, 100_000)("assess", str(EXAMPLE))

    assert "catalog age: prices as of 2025-08-01" in result.stdout
    assert "warning: catalog prices" not in result.stdout
