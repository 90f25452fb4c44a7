"""Retry-After parsing and error-body reading shared by the network providers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infra_mind.adapters.llm.http import error_detail, parse_retry_after

NOW = datetime(2026, 3, 14, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "5"}, 5.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"Retry-After": "Sat, 14 Mar 2026 12:00:30 GMT"}, 30.0),
        ({"Retry-After": "Sat, 14 Mar 2026 11:00:00 GMT"}, 0.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
        ({"Retry-After": "whenever"}, None),
        ({}, None),
    ],
)
def test_retry_after_forms(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, now=NOW) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b'{"error": {"message": "Too many", "type": "rate_limit_exceeded"}}',
            "rate_limit_exceeded: Too many",
        ),
        (
            b'{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}',
            "overloaded_error: Overloaded",
        ),
        (b'{"error": "model not found"}', "model not found"),
        (b'{"detail": [{"msg": "bad"}]}', '[{"msg": "bad"}]'),
        (b"<html>Bad Gateway</html>", "<html>Bad Gateway</html>"),
        (b"", "(empty body)"),
    ],
)
def test_error_detail_reads_each_vendors_shape(body: bytes, expected: str) -> None:
    assert error_detail(body) == expected
