"""Where CPU-bound pure computations run, so they never hold up the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable


@runtime_checkable
class ComputePool(Protocol):
    """Runs ``fn()`` off the event loop, a bounded number at a time, and returns its value (or
    raises its exception) in the caller's task."""

    async def run[T](self, fn: Callable[[], T]) -> T: ...
