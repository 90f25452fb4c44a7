"""Log redaction: credentials in any common shape never reach a log line."""

from __future__ import annotations

import logging

import pytest

from infra_mind.entrypoints.redaction import install_redaction, redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig", "eyJzdWIiOiJ4In0"),
        ("key imk_0123456789abcdef_" + "A" * 43, "A" * 43),
        ("upstream said: invalid api key sk-proj-abcdef123456", "abcdef123456"),
        ("mongodb://app:hunter2@db.internal:27017/x", "hunter2"),
        ('{"api_key": "s3cr3t-value"}', "s3cr3t-value"),
        ("password=letmein&user=a", "letmein"),
    ],
)
def test_a_secret_is_masked(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_plain_text_is_left_alone() -> None:
    text = "assessment 01abc completed in 3.2 s on aws/p5.48xlarge"
    assert text == redact(text)


def test_installed_redaction_masks_log_records(caplog: pytest.LogCaptureFixture) -> None:
    install_redaction()
    with caplog.at_level(logging.INFO):
        logging.getLogger("infra_mind.test").info("calling with %s", "Bearer abc.def.ghi")
    assert "abc.def.ghi" not in caplog.text
