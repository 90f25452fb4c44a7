"""Reading an input file: YAML or JSON in, an AssessmentInput or field errors out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.input import AssessmentInput


def _path(loc: tuple[int | str, ...]) -> str:
    """``business.goals[0].priority``; odd keys (spaces, newlines) quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int) or not str(part).isidentifier():
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def field_errors(exc: ValidationError) -> list[FieldError]:
    errors = []
    for err in exc.errors(include_url=False):
        reason = " ".join(str(err["msg"]).removeprefix("Value error, ").split())
        errors.append(FieldError(_path(tuple(err["loc"])), reason, err.get("input")))
    return errors


def parse_document(text: str, source: str) -> Any:
    """JSON when the file says so (or looks like it), YAML otherwise."""
    try:
        if source.endswith(".json") or text.lstrip().startswith(("{", "[")):
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidInput(
            [FieldError("(document)", f"not valid JSON at {where}: {exc.msg}")], source
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidInput(
            [FieldError("(document)", f"not valid YAML{where}: {problem}")], source
        ) from None


def validate_document(document: Any, source: str) -> AssessmentInput:
    if not isinstance(document, dict):
        kind = type(document).__name__ if document is not None else "empty"
        raise InvalidInput([FieldError("(document)", f"expected a mapping, got {kind}")], source)
    try:
        return AssessmentInput.model_validate(document)
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc), source) from None


def load_input(path: Path) -> AssessmentInput:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InvalidInput([FieldError("(file)", f"cannot read: {reason}")], source) from None
    return validate_document(parse_document(text, source), source)
