"""Redis pub/sub event bus: progress events cross processes, one channel per assessment."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from infra_mind.adapters.redis.faults import REDIS_DOWN, redis_unavailable
from infra_mind.domain.errors import StorageUnavailable
from infra_mind.domain.events import ProgressEvent

# How long a subscriber waits for the server to confirm its subscription.
CONFIRM_S = 5.0


class RedisEventBus:
    """At-most-once, like the port says: only subscribers connected at publish
    time receive an event; the stored assessment is the snapshot to start from.
    Redis being unreachable (publishing, subscribing or mid-stream) raises
    ``StorageUnavailable``."""

    def __init__(self, redis: Redis, prefix: str = "infra-mind") -> None:
        self._redis = redis
        self._prefix = prefix

    def channel(self, tenant_id: str, assessment_id: str) -> str:
        return f"{self._prefix}:events:{tenant_id}:{assessment_id}"

    async def publish(self, event: ProgressEvent) -> None:
        channel = self.channel(event.tenant_id, event.assessment_id)
        with redis_unavailable("publish"):
            await self._redis.publish(channel, event.model_dump_json())

    @asynccontextmanager
    async def subscribe(
        self, tenant_id: str, assessment_id: str
    ) -> AsyncIterator[AsyncIterator[ProgressEvent]]:
        pubsub = self._redis.pubsub()
        channel = self.channel(tenant_id, assessment_id)
        try:
            with redis_unavailable("subscribe"):
                await pubsub.subscribe(channel)
                await _confirmed(pubsub)
            yield _Messages(pubsub)
        finally:
            # Leaving a subscription on a dead connection must not hide why we left.
            with suppress(*REDIS_DOWN):
                await pubsub.unsubscribe(channel)
            await pubsub.aclose()  # type: ignore[no-untyped-call]


async def _confirmed(pubsub: PubSub) -> None:
    """Wait for the server's confirmation: from then on no event is missed."""
    deadline = time.monotonic() + CONFIRM_S
    while time.monotonic() < deadline:
        message = await pubsub.get_message(timeout=1.0)
        if message is not None and message["type"] == "subscribe":
            return
    raise StorageUnavailable(f"redis subscribe: not confirmed within {CONFIRM_S:g} s")


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
            with redis_unavailable("subscription"):
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=1.0
                )
            if message is not None and message["type"] == "message":
                return ProgressEvent.model_validate_json(message["data"])
