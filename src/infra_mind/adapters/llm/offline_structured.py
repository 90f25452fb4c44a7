"""Objects valid against a JSON Schema, filled from facts where the keys match."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from infra_mind.services.llm.schema import validate

_MISSING = object()


def lookup(facts: Any, name: str) -> Any:
    """``facts[name]``, else the first value stored under ``name`` anywhere below."""
    if not isinstance(facts, Mapping):
        return _MISSING
    if name in facts:
        return facts[name]
    for value in facts.values():
        found = lookup(value, name)
        if found is not _MISSING:
            return found
    return _MISSING


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        node: Any = root
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def object_from_facts(schema: Mapping[str, Any], facts: Mapping[str, Any]) -> dict[str, Any]:
    value = build(schema, facts, schema)
    return value if isinstance(value, dict) else {"value": value}


def build(schema: Mapping[str, Any], source: Any, root: Mapping[str, Any]) -> Any:
    """A value valid against ``schema``: ``source`` when it already is, else one made from it."""
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            options = [_resolve(s, root) for s in schema[keyword]]
            fitting = [
                s for s in options if source is not _MISSING and not validate(source, s, root)
            ]
            return build((fitting or options)[0], source, root)
    if (
        source is not _MISSING
        and not isinstance(source, Mapping)
        and not validate(source, schema, root)
    ):
        return source
    kind = _type_of(schema)
    if kind == "object":
        props: Mapping[str, Any] = schema.get("properties", {})
        base = source if isinstance(source, Mapping) else {}
        return {name: build(sub, lookup(base, name), root) for name, sub in props.items()}
    if kind == "array":
        items = schema.get("items", {})
        given = source if isinstance(source, list | tuple) else []
        built = [build(items, item, root) for item in given]
        built += [
            build(items, _MISSING, root) for _ in range(schema.get("minItems", 0) - len(built))
        ]
        return built[: schema["maxItems"]] if "maxItems" in schema else built
    return _scalar(kind, schema, source)


def _type_of(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    return str(kind)


def _allows_null(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "null" or (isinstance(kind, list) and "null" in kind)


def _scalar(kind: str, schema: Mapping[str, Any], source: Any) -> Any:
    """The fact itself when it fits, else the plainest valid value (null where allowed)."""
    if "enum" in schema:
        return source if source in schema["enum"] else schema["enum"][0]
    if kind == "null" or (source is _MISSING and _allows_null(schema)):
        return None
    if kind == "boolean":
        return bool(source) if source is not _MISSING else False
    if kind in ("integer", "number"):
        value: float = 0
        if "minimum" in schema:
            value = max(value, schema["minimum"])
        if "exclusiveMinimum" in schema:
            value = max(value, schema["exclusiveMinimum"] + 1)
        if "maximum" in schema:
            value = min(value, schema["maximum"])
        if "exclusiveMaximum" in schema:
            value = min(value, schema["exclusiveMaximum"] - 1)
        return math.ceil(value) if kind == "integer" else value
    text = "" if source is _MISSING or source is None else str(source)
    text = text[: schema["maxLength"]] if "maxLength" in schema else text
    return text.ljust(schema.get("minLength", 0), "-")
