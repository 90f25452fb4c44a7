"""Opaque pagination cursors shared by every repository adapter: (created_at, id)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from infra_mind.domain.assessment import Assessment
from infra_mind.domain.errors import FieldError, InvalidInput


def encode_cursor(last: Assessment) -> str:
    raw = json.dumps([last.created_at.isoformat(), last.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, ident = json.loads(base64.urlsafe_b64decode(padded))
        at = datetime.fromisoformat(created)
        if at.tzinfo is None:  # a forged cursor; comparing it with stored times would fail
            raise ValueError("naive time")
        # In UTC, as stored; a time at the edge of the calendar cannot be and is forged.
        return at.astimezone(UTC), str(ident)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidInput([FieldError("cursor", "not a cursor this API issued")]) from exc
