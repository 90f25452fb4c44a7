"""The JSON Schema subset validator agrees with the reference implementation."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_mind.services.llm.schema import validate

SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "object",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 5},
            "count": {"type": "integer", "minimum": 0, "maximum": 10},
            "share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "tier": {"enum": ["a", "b"]},
            "ok": {"type": "boolean"},
        },
        "required": ["name", "count"],
        "additionalProperties": False,
    },
    {"type": "array", "items": {"type": ["integer", "null"]}, "minItems": 1, "maxItems": 3},
    {"anyOf": [{"type": "string", "pattern": "^g"}, {"type": "integer"}]},
    {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]},
    {
        "$defs": {
            "Item": {"type": "object", "properties": {"id": {"const": 1}}, "required": ["id"]}
        },
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
        "additionalProperties": {"type": "string"},
    },
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-20, 20) | st.floats(-20, 20) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["name", "count", "share", "tier", "ok", "items", "id", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("schema", SCHEMAS)
@settings(max_examples=150, deadline=None)
@given(instance=json_values)
def test_verdict_matches_jsonschema(schema: dict[str, Any], instance: Any) -> None:
    expected = jsonschema.Draft202012Validator(schema).is_valid(instance)
    assert (validate(instance, schema) == []) == expected


def test_errors_name_the_path() -> None:
    errors = validate({"name": "", "count": -1, "extra": 1}, SCHEMAS[0])

    assert "$.name: shorter than minLength 1" in errors
    assert "$.count: -1 is less than minimum 0" in errors
    assert "$.extra: additional property is not allowed" in errors


def test_missing_required_is_reported() -> None:
    assert validate({}, SCHEMAS[0]) == [
        "$.name: required property is missing",
        "$.count: required property is missing",
    ]


def test_booleans_are_not_numbers() -> None:
    assert validate(True, {"type": "integer"}) != []
    assert validate(3.0, {"type": "integer"}) == []


def test_true_is_not_one() -> None:
    assert validate(True, {"const": 1}) != []
    assert validate(1, {"enum": [True, "x"]}) != []
    assert validate([1], {"const": [1]}) == []
