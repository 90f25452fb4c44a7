"""``infra-mind catalog``: refresh from a provider-format server, then show, diff and age."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra_mind.config import load_settings
from infra_mind.entrypoints.cli.main import CliState, app
from tests.adapters.catalog.formats import azure_item, azure_page
from tests.entrypoints.cli.conftest import Cli
from tests.price_server import price_server

AZ = "/api/retail/prices"


def _cli(tmp_path: Path, azure_url: str) -> Cli:
    cli = Cli(tmp_path / "data", backend="memory")
    cli.settings = load_settings(
        storage={"backend": "memory"},
        data_dir=tmp_path / "data",
        catalog={"azure_url": azure_url, "max_age_days": 90},
    )
    return cli


def test_refresh_writes_a_catalog_that_show_diff_and_age_read(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    with price_server() as server:
        server.serve(
            AZ,
            azure_page(
                [
                    azure_item("Standard_D2s_v5", "eastus", 0.099),
                    azure_item("Standard_D2s_v5", "westeurope", 0.117),
                    azure_item("Standard_M416ms_v2", "eastus", 80.0),
                ],
                None,
            ),
        )
        cli = _cli(tmp_path, server.url + AZ)
        refreshed = cli("catalog", "refresh", "--provider", "azure", "--out", str(root))

    assert refreshed.exit_code == 0, refreshed.stderr
    assert "azure: 1 instance types updated;" in refreshed.stdout
    assert "1 unknown SKUs skipped; 0 non-USD prices refused" in refreshed.stdout
    diff = cli("catalog", "diff", "shipped", str(root))
    assert "Standard_D2s_v5 eastus: 0.096 → 0.099" in diff.stdout
    assert "Standard_D2s_v5 westeurope: - → 0.117" in diff.stdout
    age = cli("catalog", "age", "--dir", str(root))
    assert "prices as of 2025-08-01" in age.stdout  # the other types keep their shipped prices
    shown = cli("catalog", "show", "--dir", str(root), "--provider", "azure")
    assert shown.exit_code == 0


def test_a_malformed_page_exits_1_and_keeps_the_catalog(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    with price_server() as server:
        server.serve(AZ, {"BillingCurrency": "USD"})
        result = _cli(tmp_path, server.url + AZ)(
            "catalog", "refresh", "--provider", "azure", "--out", str(root)
        )

    assert result.exit_code == 1
    assert "field 'Items' missing" in result.stderr
    assert not root.exists() or list(root.iterdir()) == []


def test_gcp_refresh_without_an_api_key_names_the_setting(tmp_path: Path) -> None:
    result = _cli(tmp_path, "http://127.0.0.1:9")(
        "catalog", "refresh", "--provider", "gcp", "--out", str(tmp_path / "c")
    )

    assert result.exit_code == 1
    assert "INFRA_MIND_CATALOG__GCP_API_KEY" in result.stderr


def test_unknown_provider_exits_2(tmp_path: Path) -> None:
    result = _cli(tmp_path, "http://127.0.0.1:9")(
        "catalog", "refresh", "--provider", "oracle", "--out", str(tmp_path / "c")
    )

    assert result.exit_code == 2


def test_a_catalog_dir_that_holds_no_catalog_exits_2_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFRA_MIND_CATALOG__DIR", str(tmp_path / "nowhere"))

    result = CliRunner().invoke(app, ["assessments", "list"], obj=CliState())

    assert result.exit_code == 2
    assert "INFRA_MIND_CATALOG__DIR" in result.stderr
    assert "nowhere is not a directory" in result.stderr
