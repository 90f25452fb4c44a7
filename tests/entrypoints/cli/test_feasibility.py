"""Golden: an impossible request is reported infeasible first, exits 3 and names the closest
option; it never prints a total "within budget"."""

from __future__ import annotations

import json
from pathlib import Path

from tests.entrypoints.cli.conftest import Cli
from tests.factories import example_document


def impossible_request() -> dict[str, object]:
    """A 2,000B model with a 10 ms p95 target and an $8,000 budget."""
    doc = example_document("fintech-fraud-model")
    w = doc["technical"]["ai_workloads"][0]
    w["model"] = {"family": "llama-3.1", "parameters_b": 2000, "context_length": 8192}
    w["inference"]["p95_latency_ms"] = 10
    doc["business"]["budget"] = {"monthly_limit_usd": 8000}
    return doc


def test_impossible_request_is_infeasible_first_exits_3_and_names_the_closest_option(
    tmp_path: Path, write_doc: object
) -> None:
    cli = Cli(tmp_path / "data", backend="sqlite")
    path = write_doc(impossible_request())  # type: ignore[operator]

    result = cli("assess", str(path))

    assert result.exit_code == 3, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("infeasible: no deployment meets the request")
    assert " — within the " not in result.stdout
    assert "total monthly cost" not in result.stdout
    assert any(line.startswith("  closest option: aws") for line in lines)
    assert "Llama 3.1 405B" in result.stdout
    assert "a p95 latency target of" in result.stdout
    assert "a monthly budget of at least $" in result.stdout

    listed = cli("assessments", "list").stdout.split()[0]
    outcome = json.loads(cli("assessments", "show", listed, "--json").stdout)
    feasibility = outcome["feasibility"]
    assert feasibility["status"] == "infeasible"
    assert feasibility["closest"]["provider"] == "aws"
    assert {r["kind"] for r in feasibility["remedies"]} == {
        "smaller_model",
        "latency_target",
        "budget",
    }
    assert outcome["recommendations"] == []
