"""Rate-limit counter port: fixed windows counted per key, shared by every process that
shares the counter store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Window:
    """Count one hit on ``key`` in a window of ``seconds`` that opens on the key's first hit."""

    key: str
    seconds: int


@dataclass(frozen=True)
class WindowCount:
    """Hits in the key's current window (this one included) and seconds until it resets."""

    count: int
    resets_in_s: float


@runtime_checkable
class RateLimitCounter(Protocol):
    """``hit`` counts one hit on every window, atomically per window, and answers in the
    same order. Raises ``StorageUnavailable`` when the counter store cannot be reached;
    what to do then (fail open) is the caller's decision."""

    async def hit(self, windows: Sequence[Window]) -> list[WindowCount]: ...
