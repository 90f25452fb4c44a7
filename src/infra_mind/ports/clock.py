"""Time and identity sources, injected so tests and replays are deterministic."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Aware UTC ``now`` and a monotonic counter in seconds for durations."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


@runtime_checkable
class IdGenerator(Protocol):
    """New unique, URL-safe, roughly time-ordered ids."""

    def new_id(self) -> str: ...
