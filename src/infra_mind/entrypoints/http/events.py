"""Live progress per assessment: Server-Sent Events and a WebSocket, snapshot first."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import anyio
from litestar import Controller, WebSocket, get, websocket
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import ServerSentEvent, ServerSentEventMessage

from infra_mind.domain.access import Permission
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import NotFound, StorageUnavailable
from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.entrypoints.http.workflow import workflow_status
from infra_mind.ports.events import EventBus
from infra_mind.services.assessments import AssessmentService

log = logging.getLogger(__name__)
ACTIVE = (AssessmentStatus.QUEUED, AssessmentStatus.RUNNING)
POLL_S = 1.0


def snapshot(a: Assessment) -> dict[str, Any]:
    return {"type": EventType.SNAPSHOT.value, **workflow_status(a).model_dump(mode="json")}


async def follow(
    service: AssessmentService, bus: EventBus, tenant: str, assessment_id: str
) -> AsyncIterator[dict[str, Any]]:
    """The stored snapshot, then live events until the assessment rests.

    Subscribes before reading the snapshot so no event falls between; re-reads
    the stored state on every status event and every ``POLL_S`` of silence, so a
    lost event never leaves a follower waiting. When the bus is unavailable
    (Redis down or failing over), the stream goes on from the store alone: a
    snapshot each time the stored progress changes."""
    last: list[Assessment] = []
    try:
        async with bus.subscribe(tenant, assessment_id) as stream:
            async for item in _live(service, stream, tenant, assessment_id, last):
                yield item
            return
    except StorageUnavailable as exc:
        log.warning("events for %s/%s from the store only: %s", tenant, assessment_id, exc)
    async for item in _polled(service, tenant, assessment_id, last):
        yield item


async def _live(
    service: AssessmentService,
    stream: AsyncIterator[ProgressEvent],
    tenant: str,
    assessment_id: str,
    last: list[Assessment],
) -> AsyncIterator[dict[str, Any]]:
    try:
        current = await service.get(tenant, assessment_id)
    except NotFound:
        return
    last[:] = [current]
    yield snapshot(current)
    while current.status in ACTIVE:
        event = None
        with anyio.move_on_after(POLL_S):
            event = await anext(aiter(stream))
        if event is not None:
            yield event.model_dump(mode="json")
            if event.type is not EventType.ASSESSMENT_STATUS:
                continue
        try:
            current = await service.get(tenant, assessment_id)
        except NotFound:
            return
        last[:] = [current]


async def _polled(
    service: AssessmentService, tenant: str, assessment_id: str, last: list[Assessment]
) -> AsyncIterator[dict[str, Any]]:
    """Snapshots from the store every ``POLL_S`` (only when something changed)."""
    seen = snapshot(last[0]) if last else None
    while True:
        try:
            current = await service.get(tenant, assessment_id)
        except NotFound:
            return
        now = snapshot(current)
        if now != seen:
            seen = now
            yield now
        if current.status not in ACTIVE:
            return
        await anyio.sleep(POLL_S)


async def _messages(items: AsyncIterator[dict[str, Any]]) -> AsyncIterator[ServerSentEventMessage]:
    async for item in items:
        yield ServerSentEventMessage(data=_json(item), event=item["type"])


def _json(item: dict[str, Any]) -> str:
    return json.dumps(item, separators=(",", ":"))


class EventsController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}"
    tags = ("events",)

    @get(
        "/events",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="Server-Sent Events: a snapshot, then live progress until the run rests",
    )
    async def stream(
        self,
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        events: NamedDependency[EventBus],
    ) -> ServerSentEvent:
        await assessments.get(tenant, assessment_id)
        return ServerSentEvent(_messages(follow(assessments, events, tenant, assessment_id)))

    @websocket(
        "/ws",
        permission=Permission.READ,
    )
    async def socket(
        self,
        socket: WebSocket[Any, Any, Any],
        assessment_id: FromPath[str],
        tenant: NamedDependency[str],
        assessments: NamedDependency[AssessmentService],
        events: NamedDependency[EventBus],
    ) -> None:
        await socket.accept()
        try:
            await assessments.get(tenant, assessment_id)
        except NotFound as exc:
            await socket.send_json({"type": "error", "status": 404, "detail": str(exc)})
            await socket.close(code=4404)
            return
        async for item in follow(assessments, events, tenant, assessment_id):
            await socket.send_json(item)
        await socket.close(code=1000)
