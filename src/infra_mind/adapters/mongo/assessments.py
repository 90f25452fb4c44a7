"""MongoDB assessment repository: optimistic concurrency with ``find_one_and_update``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from infra_mind.adapters.cursor import decode_cursor, encode_cursor
from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import ASSESSMENTS
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.assessment import Assessment, AssessmentStatus
from infra_mind.domain.errors import ConcurrencyConflict, NotFound
from infra_mind.domain.usage import ACTIVE, AssessmentCounts
from infra_mind.ports.repositories import AssessmentRef, Page

DOC_SCHEMA_VERSION = 1
_READ = {"_id": 0, "doc": 1, "version": 1}


def to_document(a: Assessment) -> dict[str, Any]:
    """The stored shape: the model under ``doc`` (exact JSON round trip) plus the
    fields queries filter and sort on; ``version`` lives only at the top."""
    return {
        "tenant_id": a.tenant_id,
        "id": a.id,
        "status": a.status.value,
        "created_at": time_key(a.created_at),
        "lease_expires_at": time_key(a.lease.expires_at) if a.lease is not None else None,
        "version": a.version,
        "schema_version": DOC_SCHEMA_VERSION,
        "doc": a.model_dump(mode="json", exclude={"version"}),
    }


def _load(document: dict[str, Any]) -> Assessment:
    return Assessment.model_validate({**document["doc"], "version": document["version"]})


class MongoAssessmentRepository:
    def __init__(self, database: MongoDatabase) -> None:
        self._database = database

    async def _collection(self) -> AsyncCollection[Document]:
        return (await self._database.ready())[ASSESSMENTS]

    async def _stored_version(self, tenant_id: str, assessment_id: str) -> int | None:
        found = await (await self._collection()).find_one(
            {"tenant_id": tenant_id, "id": assessment_id}, {"_id": 0, "version": 1}
        )
        return None if found is None else int(found["version"])

    async def add(self, assessment: Assessment) -> Assessment:
        stored = assessment.model_copy(update={"version": 1})
        with unavailable_on_connection_error():
            try:
                await (await self._collection()).insert_one(to_document(stored))
            except DuplicateKeyError:
                actual = await self._stored_version(stored.tenant_id, stored.id)
                raise ConcurrencyConflict("assessment", stored.id, 0, actual) from None
        return stored

    async def get(self, tenant_id: str, assessment_id: str) -> Assessment:
        with unavailable_on_connection_error():
            found = await (await self._collection()).find_one(
                {"tenant_id": tenant_id, "id": assessment_id}, _READ
            )
        if found is None:
            raise NotFound("assessment", assessment_id)
        return _load(found)

    async def save(self, assessment: Assessment) -> Assessment:
        stored = assessment.model_copy(update={"version": assessment.version + 1})
        key = {"tenant_id": stored.tenant_id, "id": stored.id}
        with unavailable_on_connection_error():
            # The version in the filter makes this a compare-and-set: a stale
            # writer matches nothing and is refused below, never overwrites.
            updated = await (await self._collection()).find_one_and_update(
                {**key, "version": assessment.version},
                {"$set": to_document(stored)},
                projection={"_id": 1},
            )
            if updated is not None:
                return stored
            actual = await self._stored_version(stored.tenant_id, stored.id)
        if actual is None:
            raise NotFound("assessment", assessment.id)
        raise ConcurrencyConflict("assessment", assessment.id, assessment.version, actual)

    async def delete(
        self, tenant_id: str, assessment_id: str, *, version: int | None = None
    ) -> None:
        query: dict[str, object] = {"tenant_id": tenant_id, "id": assessment_id}
        if version is not None:
            query["version"] = version
        with unavailable_on_connection_error():
            result = await (await self._collection()).delete_one(query)
            if result.deleted_count == 1:
                return
            actual = await self._stored_version(tenant_id, assessment_id)
        if actual is None:
            raise NotFound("assessment", assessment_id)
        raise ConcurrencyConflict("assessment", assessment_id, version or 0, actual)

    async def list(
        self,
        tenant_id: str,
        *,
        status: AssessmentStatus | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        if limit < 1:
            return Page(items=[])
        query: dict[str, Any] = {"tenant_id": tenant_id}
        if status is not None:
            query["status"] = status.value
        if cursor is not None:
            created, ident = decode_cursor(cursor)
            key = time_key(created)
            query["$or"] = [{"created_at": {"$lt": key}}, {"created_at": key, "id": {"$lt": ident}}]
        with unavailable_on_connection_error():
            # one batch for the whole page: a page is one round trip however large
            found = (await self._collection()).find(query, _READ, batch_size=limit + 1)
            rows = (
                await found.sort([("created_at", DESCENDING), ("id", DESCENDING)])
                .limit(limit + 1)
                .to_list()
            )
        items = [_load(row) for row in rows[:limit]]
        more = len(rows) > limit
        return Page(items=items, next_cursor=encode_cursor(items[-1]) if more else None)

    async def find_recoverable(self, now: datetime) -> Sequence[AssessmentRef]:
        # System scope: it names assessments across tenants for recovery.
        query = {
            "$or": [
                {"status": AssessmentStatus.QUEUED.value},
                {
                    "status": AssessmentStatus.RUNNING.value,
                    "$or": [
                        {"lease_expires_at": None},
                        {"lease_expires_at": {"$lte": time_key(now)}},
                    ],
                },
            ]
        }
        projection = {"_id": 0, "tenant_id": 1, "id": 1, "status": 1}
        with unavailable_on_connection_error():
            rows = await (await self._collection()).find(query, projection).to_list()
        return [
            AssessmentRef(
                tenant_id=row["tenant_id"],
                assessment_id=row["id"],
                status=AssessmentStatus(row["status"]),
            )
            for row in rows
        ]

    async def status_counts(self) -> dict[tuple[str, AssessmentStatus], int]:
        pipeline: list[dict[str, Any]] = [
            {"$group": {"_id": {"t": "$tenant_id", "s": "$status"}, "n": {"$sum": 1}}}
        ]
        with unavailable_on_connection_error():
            cursor = await (await self._collection()).aggregate(pipeline)
            rows = await cursor.to_list()
        return {(r["_id"]["t"], AssessmentStatus(r["_id"]["s"])): int(r["n"]) for r in rows}

    async def counts(self, tenant_id: str, since: datetime) -> AssessmentCounts:
        recent = {"$gte": ["$created_at", time_key(since)]}
        pipeline: list[dict[str, Any]] = [
            {"$match": {"tenant_id": tenant_id}},
            {"$group": {"_id": {"s": "$status", "recent": recent}, "n": {"$sum": 1}}},
        ]
        with unavailable_on_connection_error():
            cursor = await (await self._collection()).aggregate(pipeline)
            rows = await cursor.to_list()
        created: Counter[str] = Counter()
        active = 0
        for row in rows:
            status, n = row["_id"]["s"], int(row["n"])
            if row["_id"]["recent"]:
                created[status] += n
            if AssessmentStatus(status) in ACTIVE:
                active += n
        return AssessmentCounts(by_status=dict(created), active=active)
