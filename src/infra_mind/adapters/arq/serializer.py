"""arq records as JSON, checked against our job schema on both sides.

arq's default serializer is pickle: whoever can write to Redis would run code in every
worker merely by having it read a job. Our jobs carry ids and names only, so JSON is
enough, and the check admits nothing but our three jobs with exactly the string arguments
each takes. arq reads two kinds of record through the same pair of functions: the job
(``t f a k et``) and, where results are kept, its result (those plus ``s r st ft q id``);
both are checked. A refused job is failed by arq without calling anything.
"""

from __future__ import annotations

import json
from typing import Any

from infra_mind.adapters.arq.jobs import RECONCILE, RENDER_REPORT, RUN_ASSESSMENT

# How many string arguments each job takes (entrypoints/worker/jobs.py).
ARITY = {RUN_ASSESSMENT: 2, RENDER_REPORT: 4, RECONCILE: 0}
_JOB_KEYS = frozenset({"t", "f", "a", "k", "et"})
_RESULT_KEYS = _JOB_KEYS | {"s", "r", "st", "ft", "q", "id"}
_PLAIN = (str, int, float, bool, type(None))


class UnsafeJob(ValueError):
    """A record that is not JSON or not shaped like one of our jobs."""


def serialize(data: dict[str, Any]) -> bytes:
    """A job or result as JSON. A failed job's result is its exception: stored as the
    class name (its message may quote anything); any other non-plain value refuses."""
    text = json.dumps(data, separators=(",", ":"), default=_plain)
    check(json.loads(text))
    return text.encode()


def deserialize(payload: bytes) -> dict[str, Any]:
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise UnsafeJob("job record is not JSON (pickled jobs are refused)") from None
    check(data)
    return data  # type: ignore[no-any-return]  # check() proved it is a dict


def check(data: object) -> None:
    """Raise UnsafeJob unless ``data`` is one of our jobs (or its result) with the
    argument count and types that job takes."""
    if not isinstance(data, dict) or frozenset(data) not in (_JOB_KEYS, _RESULT_KEYS):
        raise UnsafeJob("job record does not have arq's fields")
    function, args, kwargs = data["f"], data["a"], data["k"]
    if not isinstance(function, str) or function not in ARITY:
        raise UnsafeJob("job record names no job of ours")
    if not isinstance(args, list) or len(args) != ARITY[function] or kwargs != {}:
        raise UnsafeJob(f"{function}: takes {ARITY[function]} positional arguments")
    if not all(isinstance(arg, str) for arg in args):
        raise UnsafeJob(f"{function}: arguments must be strings")
    if not all(isinstance(data[key], (int, type(None))) for key in ("t", "et")):
        raise UnsafeJob(f"{function}: try count and enqueue time must be integers")
    if len(data) == len(_RESULT_KEYS) and not isinstance(data["r"], _PLAIN):
        raise UnsafeJob(f"{function}: a result must be a plain value")


def _plain(value: object) -> object:
    if isinstance(value, BaseException):
        return type(value).__name__
    raise TypeError(f"job records carry plain values only, not {type(value).__name__}")
