"""Secrets never reach a log line: every record's message is redacted when it is formatted.

Installed once per process by each entrypoint (the API app, the worker, the CLI):
a log record factory whose ``getMessage`` masks credentials — bearer tokens,
API keys, provider keys, passwords and secrets in ``key=value`` or JSON form,
and the password in URLs such as ``mongodb://user:password@host``.
"""

from __future__ import annotations

import logging
import re

MASK = "***"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), rf"\1 {MASK}"),
    (re.compile(r"\bimk_[0-9a-f]{16}_[A-Za-z0-9_-]+"), f"imk_{MASK}"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{6,}"), f"sk-{MASK}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), f"jwt:{MASK}"),
    (re.compile(r"(://[^/\s:@]*:)[^@\s/]+@"), rf"\1{MASK}@"),
    (
        re.compile(
            r"(?i)((?:api[_-]?key|password|passwd|secret|token|authorization|x-api-key)"
            r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',;}]+"
        ),
        rf"\1{MASK}",
    ),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class _RedactedRecord(logging.LogRecord):
    def getMessage(self) -> str:
        return redact(super().getMessage())


def install_redaction() -> None:
    """Make every log record of this process redact its message (idempotent)."""
    if logging.getLogRecordFactory() is not _RedactedRecord:
        logging.setLogRecordFactory(_RedactedRecord)
