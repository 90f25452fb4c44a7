"""System clock and time-ordered ids."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class TimeOrderedIds:
    """48-bit millisecond time + 80 random bits, base32 (ULID-like, sortable)."""

    _alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

    def new_id(self) -> str:
        value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
        chars = []
        for _ in range(26):
            value, digit = divmod(value, 32)
            chars.append(self._alphabet[digit])
        return "".join(reversed(chars))
