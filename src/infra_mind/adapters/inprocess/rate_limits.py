"""In-process rate-limit counter (embedded default): one process, no server."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from infra_mind.ports.rate_limits import Window, WindowCount


class InProcessRateLimitCounter:
    """Fixed windows opened by each key's first hit, on the monotonic clock. Expired windows
    are swept once they outnumber ``sweep_above``, so memory stays bounded by the keys that
    were active within one window."""

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, sweep_above: int = 10_000
    ) -> None:
        self._monotonic = monotonic
        self._sweep_above = sweep_above
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (ends at, hits)

    async def hit(self, windows: Sequence[Window]) -> list[WindowCount]:
        now = self._monotonic()
        if len(self._windows) > self._sweep_above:
            self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
        counts = []
        for window in windows:
            ends, hits = self._windows.get(window.key, (0.0, 0))
            if ends <= now:
                ends, hits = now + window.seconds, 0
            self._windows[window.key] = (ends, hits + 1)
            counts.append(WindowCount(count=hits + 1, resets_in_s=ends - now))
        return counts
