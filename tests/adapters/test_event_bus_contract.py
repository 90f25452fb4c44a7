"""One contract for every EventBus adapter: in-process and Redis pub/sub."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import anyio
import pytest

from infra_mind.adapters.inprocess.events import InProcessEventBus
from infra_mind.adapters.redis.client import redis_client
from infra_mind.adapters.redis.events import RedisEventBus
from infra_mind.adapters.redis.settings import RedisSettings
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.ports.events import EventBus

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["inprocess", "redis"])
async def bus(request: pytest.FixtureRequest, redis_url: str) -> AsyncIterator[EventBus]:
    if request.param == "inprocess":
        yield InProcessEventBus()
        return
    async with redis_client(RedisSettings(url=redis_url)) as client:
        yield RedisEventBus(client, prefix=f"test-{request.node.name}")


def event(assessment_id: str, node: str, tenant_id: str = "t1") -> ProgressEvent:
    return ProgressEvent(
        type=EventType.NODE_FINISHED,
        tenant_id=tenant_id,
        assessment_id=assessment_id,
        at=datetime.now(UTC),
        node=node,
        status="completed",
        progress=0.5,
    )


async def take(stream: AsyncIterator[ProgressEvent], n: int) -> list[ProgressEvent]:
    got = []
    with anyio.fail_after(5):
        async for e in stream:
            got.append(e)
            if len(got) == n:
                break
    return got


async def test_is_an_event_bus(bus: EventBus) -> None:
    assert isinstance(bus, EventBus)


async def test_subscriber_receives_events_in_publish_order(bus: EventBus) -> None:
    sent = [event("a1", f"n{i}") for i in range(5)]
    async with bus.subscribe("t1", "a1") as stream:
        for e in sent:
            await bus.publish(e)
        assert sent == await take(stream, 5)


async def test_subscriber_sees_only_its_own_assessment_and_tenant(bus: EventBus) -> None:
    async with bus.subscribe("t1", "a1") as stream:
        await bus.publish(event("a2", "other-assessment"))
        await bus.publish(event("a1", "other-tenant", tenant_id="t2"))
        mine = event("a1", "mine")
        await bus.publish(mine)
        assert [mine] == await take(stream, 1)


async def test_every_subscriber_gets_every_event(bus: EventBus) -> None:
    async with bus.subscribe("t1", "a1") as first, bus.subscribe("t1", "a1") as second:
        e = event("a1", "cto")
        await bus.publish(e)
        assert [e] == await take(first, 1)
        assert [e] == await take(second, 1)


async def test_publish_without_subscribers_is_fine(bus: EventBus) -> None:
    await bus.publish(event("nobody-listens", "cto"))


async def test_a_timed_out_wait_leaves_the_stream_usable(bus: EventBus) -> None:
    # Followers wait for the next event under a timeout (SSE polls the stored
    # state on silence); the subscription must survive the cancelled wait.
    async with bus.subscribe("t1", "a-wait") as stream:
        with anyio.move_on_after(0.2):
            await anext(aiter(stream))
        sent = event("a-wait", "after-timeout")
        await bus.publish(sent)

        assert [sent] == await take(stream, 1)
