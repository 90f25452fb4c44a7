"""Text keys for instants that sort like the instants (shared by the SQL and Mongo stores)."""

from __future__ import annotations

from datetime import UTC, datetime


def time_key(at: datetime) -> str:
    """Fixed-width UTC text with microseconds, so string order is time order.

    A naive datetime is taken to be UTC. Stores compare these strings instead of
    native timestamps because BSON dates keep only milliseconds, and pagination
    cursors must match the memory adapter's exact (created_at, id) order.
    """
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
