"""In-process event bus: fan-out to subscribers through bounded memory streams."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from anyio.streams.memory import MemoryObjectSendStream

from infra_mind.domain.events import ProgressEvent


class InProcessEventBus:
    """Delivers to subscribers in this process; a subscriber too slow to keep
    ``buffer`` events behind loses the overflow (it can re-read the snapshot)."""

    def __init__(self, buffer: int = 256) -> None:
        self._buffer = buffer
        self._subs: dict[tuple[str, str], set[MemoryObjectSendStream[ProgressEvent]]] = defaultdict(
            set
        )

    async def publish(self, event: ProgressEvent) -> None:
        for stream in list(self._subs.get((event.tenant_id, event.assessment_id), ())):
            try:
                stream.send_nowait(event)
            except anyio.WouldBlock:
                continue
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                self._subs[(event.tenant_id, event.assessment_id)].discard(stream)

    @asynccontextmanager
    async def subscribe(
        self, tenant_id: str, assessment_id: str
    ) -> AsyncIterator[AsyncIterator[ProgressEvent]]:
        send, receive = anyio.create_memory_object_stream[ProgressEvent](self._buffer)
        key = (tenant_id, assessment_id)
        self._subs[key].add(send)
        try:
            yield receive
        finally:
            self._subs[key].discard(send)
            if not self._subs[key]:
                del self._subs[key]
            send.close()
            receive.close()
