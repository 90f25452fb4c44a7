"""Domain errors: what can go wrong, named so every entrypoint can map it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime


class InfraMindError(Exception):
    """Base of every error the platform raises on purpose."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of an input document."""

    path: str
    reason: str
    value: object | None = None


class InvalidInput(InfraMindError):
    """The input document (or a request) is not valid; ``errors`` names each field."""

    def __init__(self, errors: list[FieldError], source: str | None = None) -> None:
        self.errors = errors
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(where + "; ".join(f"{e.path}: {e.reason}" for e in errors))


class TooManyRequests(InfraMindError):
    """Refused for now, not for good: ``retry_after_s`` (when known) says when to try again.
    ``kind`` names the limit for the problem type (HTTP 429 + ``Retry-After``)."""

    kind = "too-many-requests"
    retry_after_s: int | None = None


class Overloaded(TooManyRequests):
    """More work is queued than the admission limit allows; try again after ``retry_after_s``
    (estimated from how fast the queue drains)."""

    kind = "overloaded"
    retry_after_s: int

    def __init__(self, scope: str, queued: int, limit: int, retry_after_s: int) -> None:
        self.scope = scope
        self.queued = queued
        self.limit = limit
        self.retry_after_s = retry_after_s
        super().__init__(
            f"{queued} assessments are queued {scope}, the limit is {limit}; "
            f"retry after {retry_after_s} s"
        )


class NotFound(InfraMindError):
    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class ConcurrencyConflict(InfraMindError):
    """A write was based on a stale version; reload and try again."""

    def __init__(self, kind: str, key: str, expected: int, actual: int | None) -> None:
        self.kind, self.key, self.expected, self.actual = kind, key, expected, actual
        super().__init__(f"{kind} {key!r}: expected version {expected}, found {actual}")


class IllegalTransition(InfraMindError):
    def __init__(self, current: str, target: str) -> None:
        self.current, self.target = current, target
        super().__init__(f"cannot go from {current!r} to {target!r}")


class StorageUnavailable(InfraMindError):
    """The store cannot be reached right now; the caller may retry later."""


@dataclass
class TransientError(InfraMindError):
    """A failure worth retrying (rate limit, 5xx, timeout, lost connection)."""

    message: str
    retry_after_s: float | None = None
    status: int | None = None
    details: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)


@dataclass
class PermanentError(InfraMindError):
    """A failure that retrying will not fix (bad request, auth, refused schema)."""

    message: str
    status: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)


class AlreadyExists(InfraMindError):
    def __init__(self, kind: str, key: str) -> None:
        self.kind, self.key = kind, key
        super().__init__(f"{kind} {key!r} already exists")


class Unauthenticated(InfraMindError):
    """No credential, or one that is unknown, malformed, expired or revoked.

    The message is deliberately the same for every cause: telling a caller why
    a credential failed helps only someone guessing credentials."""

    def __init__(self) -> None:
        super().__init__("missing or invalid credentials")


class Forbidden(InfraMindError):
    """The principal is known but its role does not allow the action."""


class AuthUnavailable(InfraMindError):
    """Credentials cannot be checked right now (revocation list or key store down).

    Requests are refused, not waved through: authentication fails closed."""


class RateLimited(TooManyRequests):
    """Too many requests in the current window; ``retry_after_s`` is when it resets."""

    kind = "rate-limited"

    def __init__(self, scope: str, limit: int, window_s: int, retry_after_s: int) -> None:
        self.scope, self.limit, self.window_s = scope, limit, window_s
        self.retry_after_s = retry_after_s
        super().__init__(
            f"more than {limit} requests in {window_s} s for this {scope}; "
            f"retry after {retry_after_s} s"
        )


class QuotaExceeded(TooManyRequests):
    """A tenant's quota is used up. ``use`` names the quota, its limit, the use and when the
    period resets (None for the concurrency quota: it frees up as work finishes)."""

    kind = "quota-exceeded"

    def __init__(
        self, quota: str, limit: int, used: int, resets_at: datetime | None, now: datetime
    ) -> None:
        self.quota, self.limit, self.used, self.resets_at = quota, limit, used, resets_at
        if resets_at is not None:
            self.retry_after_s = max(1, math.ceil((resets_at - now).total_seconds()))
        when = (
            f"; it resets at {resets_at.isoformat()}"
            if resets_at
            else ("; it frees up as queued or running assessments finish")
        )
        super().__init__(f"quota {quota!r} is used up: {used} of {limit}{when}")
