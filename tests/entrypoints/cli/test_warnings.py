"""Goldens: every substitution or defaulted input appears as a warning in the CLI summary text,
beside the figure it moved, and in the JSON outcome."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.entrypoints.cli.conftest import Cli
from tests.entrypoints.cli.test_feasibility import impossible_request
from tests.factories import example_document


def fintech(**workload: Any) -> dict[str, Any]:
    doc = example_document("fintech-fraud-model")
    w = doc["technical"]["ai_workloads"][0]
    for key, value in workload.items():
        if value is None:
            w.pop(key, None)
        else:
            w[key] = value
    return doc


CASES = {
    # (input, kind, subject text in the warning, what was used)
    "llama-2 13B sized as Qwen2.5 14B": (
        fintech(model={"family": "llama-2", "parameters_b": 13, "context_length": 4096}),
        "model_substitution",
        "stated llama-2 13B",
        "Qwen2.5 14B",
    ),
    "xgboost 0.001B sized as Llama 3.2 1B": (
        fintech(model={"family": "xgboost", "parameters_b": 0.001}),
        "model_substitution",
        "stated xgboost 0.001B",
        "Llama 3.2 1B",
    ),
    "bf16 stated, served in fp8": (fintech(), "precision", "stated bf16", "fp8"),
    "no precision stated": (fintech(precision=None), "precision", "not stated", "fp8"),
}


def run_both(cli: Cli, path: Path) -> tuple[str, dict[str, Any], int]:
    """The summary text, the stored outcome as JSON, and the exit code."""
    result = cli("assess", str(path))
    found = re.search(r"assessment (\w+) accepted", result.stderr)
    assert found, result.stderr
    shown = cli("assessments", "show", found.group(1), "--json")
    return result.stdout, json.loads(shown.stdout), result.exit_code


@pytest.mark.parametrize("case", list(CASES))
def test_substitution_is_a_warning_beside_its_figure_in_summary_and_json(
    case: str, tmp_path: Path, write_doc: Callable[[Any], Path]
) -> None:
    doc, kind, stated, used = CASES[case]
    text, outcome, code = run_both(Cli(tmp_path / "data"), write_doc(doc))

    assert code == 0, text
    warning = next(
        line for line in text.splitlines() if line.startswith("WARNING") and f"{kind} " in line
    )
    serving = next(
        b for b in outcome["recommendations"] if b["recommendation"]["category"] == "model_serving"
    )
    assert f"${serving['cost']['monthly_total_usd']:,.2f}/month" in warning
    assert stated in warning
    assert used in warning
    warned = [a for a in serving["recommendation"]["assumptions"] if a["warning"]]
    assert any(a["kind"] == kind and used in a["used"] for a in warned)


def test_a_too_small_stand_in_is_named_in_the_summary_and_json(
    tmp_path: Path, write_doc: Callable[[Any], Path]
) -> None:
    text, outcome, code = run_both(Cli(tmp_path / "data"), write_doc(impossible_request()))

    assert code == 3
    said = "the largest, Llama 3.1 405B Instruct (405.9B), is 4.9× smaller"
    assert said in text
    assert any(said in r for r in outcome["feasibility"]["reasons"])
