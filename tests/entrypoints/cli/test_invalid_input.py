"""Every kind of bad input exits 2 naming the file, the field path and the reason."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.entrypoints.cli.conftest import Cli
from tests.factories import example_document


def mutate(path: str, value: Any) -> dict[str, Any]:
    doc = example_document("fintech-fraud-model")
    target: Any = doc
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value is DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return doc


DELETE = object()
W = "technical.ai_workloads.0"

CASES: list[tuple[str, Any, str, str]] = [
    ("business.company_name", DELETE, "business.company_name", "Field required"),
    ("business.mascot", "owl", "business.mascot", "Extra inputs are not permitted"),
    (
        "business.budget.monthly_limit_usd",
        "lots",
        "business.budget.monthly_limit_usd",
        "valid number",
    ),
    (
        "business.budget.monthly_limit_usd",
        -5,
        "business.budget.monthly_limit_usd",
        "greater than 0",
    ),
    ("business.industry", "spaceflight", "business.industry", "Input should be"),
    ("business.team.cloud_skill", 7, "business.team.cloud_skill", "less than or equal to 5"),
    ("business.growth.users_12m", 10, "business.growth", "users_12m (10) is below"),
    (
        "business.budget.split",
        {"compute_pct": 80, "storage_pct": 30, "network_pct": 0, "security_pct": 0},
        "business.budget.split",
        "more than 100 %",
    ),
    ("business.global_distribution", True, "business", "at least 2 operating_regions"),
    (
        f"{W}.inference.requests_per_s_peak",
        10,
        f"{W}.inference",
        "requests_per_s_peak (10) is below",
    ),
    (f"{W}.model.api_model", "gpt-4o", f"{W}.model", "either parameters_b"),
    (f"{W}.inference", None, W, None),  # replaced below: workload with neither part
    (f"{W}.model.context_length", 200, f"{W}", "exceed model.context_length"),
    (
        "technical.availability_target_pct",
        100,
        "technical.availability_target_pct",
        "less than 100",
    ),
    ("business.budget.total_min_usd", 900000, "business.budget", "exceeds total_max_usd"),
    (
        "business.team",
        {"developers": 0, "devops": 0, "cloud_skill": 3, "kubernetes_skill": 3},
        "business.team",
        "no one in it",
    ),
    ("business.data_residency", [], "business", "at least one jurisdiction"),
    ("technical.workload_types", ["web_app"], "technical", "names no ML or LLM workload"),
    ("business.operating_regions", ["EU", "EU"], "business", "lists a value twice"),
    ("business.urgency", None, "business.urgency", "Input should be"),
]


def _case_doc(path: str, value: Any) -> dict[str, Any]:
    if path == f"{W}.inference" and value is None:
        doc = mutate(f"{W}.training", DELETE)
        del doc["technical"]["ai_workloads"][0]["inference"]
        return doc
    return mutate(path, value)


@pytest.mark.parametrize(("path", "value", "field", "reason"), CASES, ids=[c[0] for c in CASES])
def test_invalid_field_exits_2_with_path_and_reason(
    cli: Cli, write_doc: Callable[..., Path], path: str, value: Any, field: str, reason: str | None
) -> None:
    file = write_doc(_case_doc(path, value))
    result = cli("validate", str(file))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    expected_reason = reason or "needs inference traffic, training, or both"
    field = field.replace(".0", "[0]")
    assert any(
        line.startswith(f"{file}: {field}: ") and expected_reason in line for line in lines
    ), lines


def test_training_needs_a_sizeable_model(cli: Cli, write_doc: Callable[..., Path]) -> None:
    doc = mutate(f"{W}.model", {"api_model": "gpt-4o-mini"})
    result = cli("validate", str(write_doc(doc)))
    assert result.exit_code == 2
    assert "training needs model.parameters_b" in result.stderr


def test_duplicate_workload_names(cli: Cli, write_doc: Callable[..., Path]) -> None:
    doc = example_document("fintech-fraud-model")
    doc["technical"]["ai_workloads"].append(copy.deepcopy(doc["technical"]["ai_workloads"][0]))
    result = cli("validate", str(write_doc(doc)))
    assert result.exit_code == 2
    assert "technical: ai_workloads names must be unique" in result.stderr


@pytest.mark.parametrize(
    ("text", "name", "reason"),
    [
        ("business: [unclosed", "bad.yaml", "not valid YAML at line 1"),
        ('{"business": }', "bad.json", "not valid JSON at line 1, column 14"),
        ("- just\n- a list\n", "list.yaml", "expected a mapping, got list"),
        ("", "empty.yaml", "expected a mapping, got empty"),
    ],
)
def test_unparseable_documents_exit_2(
    cli: Cli, write_doc: Callable[..., Path], text: str, name: str, reason: str
) -> None:
    file = write_doc(text, name)
    result = cli("assess", str(file))
    assert result.exit_code == 2
    assert f"{file}: (document): {reason}" in result.stderr


def test_missing_file_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("assess", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}: (file): cannot read: No such file or directory" in (
        result.stderr
    )


def test_every_error_in_a_document_is_reported(cli: Cli, write_doc: Callable[..., Path]) -> None:
    doc = mutate("business.industry", "spaceflight")
    doc["technical"]["availability_target_pct"] = 42
    result = cli("validate", str(write_doc(doc)))
    assert result.exit_code == 2
    assert "business.industry" in result.stderr
    assert "technical.availability_target_pct" in result.stderr


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _leaf_paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in _leaf_paths(v, (*prefix, k))] + [prefix]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc) for p in _leaf_paths(v, (*prefix, i))] + [prefix]
    return [prefix]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), replacement=json_values)
def test_random_documents_never_produce_a_traceback(
    cli: Cli, write_doc: Callable[..., Path], data: st.DataObject, replacement: Any
) -> None:
    doc: Any = example_document(
        data.draw(st.sampled_from(["fintech-fraud-model", "retail-recommender"]))
    )
    paths = [p for p in _leaf_paths(doc) if p]
    path = data.draw(st.sampled_from(paths))
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = replacement
    if data.draw(st.booleans()):
        doc = replacement  # a whole random document
    import json

    file = write_doc(json.dumps(doc, allow_nan=True), "random.json")
    result = cli("validate", str(file))
    assert result.exit_code in (0, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert all(line.startswith(f"{file}: ") for line in result.stderr.strip().splitlines())
