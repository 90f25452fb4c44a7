"""Domain errors: what can go wrong, named so every entrypoint can map it."""

from __future__ import annotations

from dataclasses import dataclass, field


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


class Overloaded(InfraMindError):
    """More work is queued than the admission limit allows; try again after ``retry_after_s``
    (estimated from how fast the queue drains)."""

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


class RateLimited(InfraMindError):
    """Too many requests; ``retry_after_s`` says when to try again."""

    def __init__(self, scope: str, retry_after_s: int) -> None:
        self.scope, self.retry_after_s = scope, retry_after_s
        super().__init__(f"rate limit for this {scope} exceeded; retry in {retry_after_s} s")


class QuotaExceeded(InfraMindError):
    """A tenant's quota is used up; ``quota`` names it, ``limit`` and ``used`` say how."""

    def __init__(self, quota: str, limit: float, used: float) -> None:
        self.quota, self.limit, self.used = quota, limit, used
        super().__init__(f"quota {quota!r} exceeded: {used:g} of {limit:g} used")
