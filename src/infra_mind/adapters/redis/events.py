"""Redis pub/sub event bus: progress events cross processes, one channel per assessment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from infra_mind.domain.events import ProgressEvent


class RedisEventBus:
    """At-most-once, like the port says: only subscribers connected at publish
    time receive an event; the stored assessment is the snapshot to start from."""

    def __init__(self, redis: Redis, prefix: str = "infra-mind") -> None:
        self._redis = redis
        self._prefix = prefix

    def channel(self, tenant_id: str, assessment_id: str) -> str:
        return f"{self._prefix}:events:{tenant_id}:{assessment_id}"

    async def publish(self, event: ProgressEvent) -> None:
        channel = self.channel(event.tenant_id, event.assessment_id)
        await self._redis.publish(channel, event.model_dump_json())

    @asynccontextmanager
    async def subscribe(
        self, tenant_id: str, assessment_id: str
    ) -> AsyncIterator[AsyncIterator[ProgressEvent]]:
        pubsub = self._redis.pubsub()
        channel = self.channel(tenant_id, assessment_id)
        try:
            await pubsub.subscribe(channel)
            # Wait for the server's confirmation: from then on no event is missed.
            while True:
                message = await pubsub.get_message(timeout=5.0)
                if message is not None and message["type"] == "subscribe":
                    break
            yield _Messages(pubsub)
        finally:
            await pubsub.unsubscribe(channel)
            await pubsub.aclose()  # type: ignore[no-untyped-call]


class _Messages:
    """The subscription's events. A class rather than an async generator: a
    follower waits for the next event under a timeout, and cancelling an async
    generator's ``__anext__`` would end it for good; cancelling this one only
    stops that wait (the pub/sub connection is left as it was)."""

    def __init__(self, pubsub: PubSub) -> None:
        self._pubsub = pubsub

    def __aiter__(self) -> _Messages:
        return self

    async def __anext__(self) -> ProgressEvent:
        while True:
            message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None and message["type"] == "message":
                return ProgressEvent.model_validate_json(message["data"])
