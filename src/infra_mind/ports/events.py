"""Event bus port: progress events fan out to every subscriber of an assessment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

from infra_mind.domain.events import ProgressEvent


@runtime_checkable
class EventBus(Protocol):
    """At-most-once delivery to subscribers that are connected when an event is
    published. The durable state is the stored assessment: a late subscriber
    reads it first (a snapshot) and then follows live events."""

    async def publish(self, event: ProgressEvent) -> None: ...

    def subscribe(
        self, tenant_id: str, assessment_id: str
    ) -> AbstractAsyncContextManager[AsyncIterator[ProgressEvent]]: ...
