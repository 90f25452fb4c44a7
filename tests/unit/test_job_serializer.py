"""The arq record schema: our three jobs with their string arguments, and nothing else."""

from __future__ import annotations

import pickle

import pytest

from infra_mind.adapters.arq.jobs import RENDER_REPORT, RUN_ASSESSMENT
from infra_mind.adapters.arq.serializer import UnsafeJob, deserialize, serialize

JOB = {"t": 1, "f": RUN_ASSESSMENT, "a": ["acme", "01abc"], "k": {}, "et": 1}


def test_our_job_round_trips() -> None:
    assert deserialize(serialize(JOB)) == JOB


def test_arq_passes_arguments_as_a_tuple_and_gets_a_list_back() -> None:
    assert deserialize(serialize({**JOB, "a": ("acme", "01abc")}))["a"] == ["acme", "01abc"]


def test_a_failed_result_keeps_only_the_exception_class() -> None:
    failed = {"s": False, "r": RuntimeError("sk-secret"), "st": 2, "ft": 3, "q": "q", "id": "j"}
    result = {**JOB, **failed}
    assert deserialize(serialize(result))["r"] == "RuntimeError"


def test_serializing_a_foreign_argument_refuses() -> None:
    with pytest.raises(TypeError):
        serialize({**JOB, "a": [object(), "x"]})


@pytest.mark.parametrize(
    "payload",
    [
        pickle.dumps(JOB),
        b'{"t": 1, "f": "os.system", "a": ["rm -rf /"], "k": {}, "et": 1}',
        b'{"t": 1, "f": "run_assessment", "a": [{"nested": "object"}, "x"], "k": {}, "et": 1}',
        b'{"t": 1, "f": "run_assessment", "a": ["acme"], "k": {}, "et": 1}',
        b'{"t": 1, "f": "run_assessment", "a": ["acme", "a1"], "k": {"x": 1}, "et": 1}',
        b'{"t": 1, "f": "run_assessment", "a": ["acme", "a1"], "k": {}, "et": "soon"}',
        b'{"t": 1, "f": "run_assessment", "a": ["acme", "a1"], "k": {}, "et": 1, "x": 0}',
        b'{"t":1,"f":"render_report","a":["a","b","c","d"],"k":{},"et":1,"s":true,'
        b'"r":{"o":1},"st":1,"ft":1,"q":"q","id":"j"}',
        b"[1, 2, 3]",
        b"\xff\xfe",
    ],
    ids=[
        "pickle",
        "foreign-function",
        "object-argument",
        "wrong-arity",
        "keyword-arguments",
        "non-integer-time",
        "extra-field",
        "object-result",
        "not-an-object",
        "not-utf8",
    ],
)
def test_anything_else_is_refused(payload: bytes) -> None:
    with pytest.raises(UnsafeJob):
        deserialize(payload)


def test_every_job_name_has_a_schema() -> None:
    record = {"t": None, "f": RENDER_REPORT, "a": ["t", "a", "full", "pdf"], "k": {}, "et": 1}
    assert record == deserialize(serialize(record))
