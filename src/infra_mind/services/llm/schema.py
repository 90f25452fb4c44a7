"""A small JSON Schema validator: the subset pydantic emits and LLM providers accept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list, tuple),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _is_type(value: object, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    if name == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES.get(name, (object,)))


def _same(a: object, b: object) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def _resolve(ref: str, root: Mapping[str, Any]) -> Mapping[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref is supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node  # type: ignore[no-any-return]


def validate(
    instance: object, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None
) -> list[str]:
    """Return every violation of ``schema`` by ``instance`` as "path: reason"; empty if valid.

    Supports type, enum, const, properties, required, additionalProperties,
    items, min/maxItems, min/maxLength, pattern, minimum, maximum, exclusive
    bounds, anyOf, oneOf, allOf and local ``$ref`` (``$defs``/``definitions``).
    Other keywords are ignored. ``root`` is the document ``$ref`` resolves against when
    ``schema`` is a part of a larger one.
    """
    errors: list[str] = []
    _check(instance, schema, schema if root is None else root, "$", errors)
    return errors


def _check(
    value: object, schema: Mapping[str, Any], root: Mapping[str, Any], path: str, out: list[str]
) -> None:
    if "$ref" in schema:
        _check(value, _resolve(schema["$ref"], root), root, path, out)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(value, n) for n in names):
            out.append(f"{path}: expected {' or '.join(names)}, got {type(value).__name__}")
            return
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        out.append(f"{path}: {value!r} is not one of {schema['enum']!r}")
    if "const" in schema and not _same(value, schema["const"]):
        out.append(f"{path}: {value!r} is not {schema['const']!r}")
    for sub in schema.get("allOf", ()):
        _check(value, sub, root, path, out)
    _check_alternatives(value, schema, root, path, out)
    if isinstance(value, dict):
        _check_object(value, schema, root, path, out)
    elif isinstance(value, list | tuple):
        _check_array(value, schema, root, path, out)
    elif isinstance(value, str):
        _check_string(value, schema, path, out)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, schema, path, out)


def _check_alternatives(
    value: object, schema: Mapping[str, Any], root: Mapping[str, Any], path: str, out: list[str]
) -> None:
    for keyword in ("anyOf", "oneOf"):
        if keyword not in schema:
            continue
        matches = sum(1 for sub in schema[keyword] if not _sub_errors(value, sub, root, path))
        if matches == 0:
            out.append(f"{path}: matches none of {keyword}")
        elif keyword == "oneOf" and matches > 1:
            out.append(f"{path}: matches {matches} schemas of oneOf, expected exactly one")


def _sub_errors(
    value: object, schema: Mapping[str, Any], root: Mapping[str, Any], path: str
) -> bool:
    errs: list[str] = []
    _check(value, schema, root, path, errs)
    return bool(errs)


def _check_object(
    value: dict[Any, Any],
    schema: Mapping[str, Any],
    root: Mapping[str, Any],
    path: str,
    out: list[str],
) -> None:
    props: Mapping[str, Any] = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name not in value:
            out.append(f"{path}.{name}: required property is missing")
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            _check(item, props[key], root, f"{path}.{key}", out)
        elif extra is False:
            out.append(f"{path}.{key}: additional property is not allowed")
        elif isinstance(extra, Mapping):
            _check(item, extra, root, f"{path}.{key}", out)


def _check_array(
    value: list[Any] | tuple[Any, ...],
    schema: Mapping[str, Any],
    root: Mapping[str, Any],
    path: str,
    out: list[str],
) -> None:
    if len(value) < schema.get("minItems", 0):
        out.append(f"{path}: has {len(value)} items, fewer than minItems {schema['minItems']}")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        out.append(f"{path}: has {len(value)} items, more than maxItems {schema['maxItems']}")
    items = schema.get("items")
    if isinstance(items, Mapping):
        for index, item in enumerate(value):
            _check(item, items, root, f"{path}[{index}]", out)


def _check_string(value: str, schema: Mapping[str, Any], path: str, out: list[str]) -> None:
    if len(value) < schema.get("minLength", 0):
        out.append(f"{path}: shorter than minLength {schema['minLength']}")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        out.append(f"{path}: longer than maxLength {schema['maxLength']}")
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        out.append(f"{path}: does not match pattern {schema['pattern']!r}")


def _check_number(value: float, schema: Mapping[str, Any], path: str, out: list[str]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: {value!r} is less than minimum {schema['minimum']!r}")
    if "maximum" in schema and value > schema["maximum"]:
        out.append(f"{path}: {value!r} is greater than maximum {schema['maximum']!r}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        out.append(
            f"{path}: {value!r} is not above exclusiveMinimum {schema['exclusiveMinimum']!r}"
        )
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        out.append(
            f"{path}: {value!r} is not below exclusiveMaximum {schema['exclusiveMaximum']!r}"
        )
