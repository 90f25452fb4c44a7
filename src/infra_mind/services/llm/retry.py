"""Retry policy: how often, how long to wait, how long one attempt may take."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Retries on transient failures with jittered exponential backoff.

    Attempt ``n`` (0-based) that failed waits a random time in
    ``[c/2, c]`` with ``c = min(backoff_max_s, backoff_base_s * 2**n)``, or
    exactly what the server asked for in ``Retry-After``. A server that asks
    for more than ``max_retry_after_s`` is not waited for: the router moves to
    the next provider instead.
    """

    max_retries: int = 2
    backoff_base_s: float = 0.5
    backoff_max_s: float = 8.0
    max_retry_after_s: float = 30.0
    timeout_s: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.backoff_base_s < 0 or self.backoff_max_s < 0:
            raise ValueError("backoff times must be >= 0")
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be > 0")

    def backoff_s(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.backoff_max_s, self.backoff_base_s * 2.0**attempt)
        return ceiling * (0.5 + rng.random() / 2)

    def delay_s(self, attempt: int, retry_after_s: float | None, rng: random.Random) -> float:
        """How long to wait before attempt ``attempt + 1``; the server's word wins."""
        if retry_after_s is not None and retry_after_s >= 0:
            return retry_after_s
        return self.backoff_s(attempt, rng)
