"""MongoDB agent-result repository: one document per (tenant, assessment, node), upserted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import AGENT_RESULTS
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.errors import NotFound
from infra_mind.domain.results import AgentResult
from infra_mind.domain.usage import AgentRunCounts

DOC_SCHEMA_VERSION = 1
_READ = {"_id": 0, "doc": 1}


def to_document(result: AgentResult) -> dict[str, Any]:
    return {
        "tenant_id": result.tenant_id,
        "assessment_id": result.assessment_id,
        "node": result.node,
        "status": result.status.value,
        "created_at": time_key(result.created_at),
        "schema_version": DOC_SCHEMA_VERSION,
        "doc": result.model_dump(mode="json"),
    }


class MongoAgentResultRepository:
    def __init__(self, database: MongoDatabase) -> None:
        self._database = database

    async def _collection(self) -> AsyncCollection[Document]:
        return (await self._database.ready())[AGENT_RESULTS]

    async def save(self, result: AgentResult) -> None:
        key = {
            "tenant_id": result.tenant_id,
            "assessment_id": result.assessment_id,
            "node": result.node,
        }
        with unavailable_on_connection_error():
            # replace keeps the _id, so list() keeps the order nodes first finished in.
            await (await self._collection()).replace_one(key, to_document(result), upsert=True)

    async def list(self, tenant_id: str, assessment_id: str) -> list[AgentResult]:
        query = {"tenant_id": tenant_id, "assessment_id": assessment_id}
        with unavailable_on_connection_error():
            found = (await self._collection()).find(query, _READ).sort("_id", ASCENDING)
            rows = await found.to_list()
        return [AgentResult.model_validate(row["doc"]) for row in rows]

    async def get(self, tenant_id: str, assessment_id: str, node: str) -> AgentResult:
        query = {"tenant_id": tenant_id, "assessment_id": assessment_id, "node": node}
        with unavailable_on_connection_error():
            found = await (await self._collection()).find_one(query, _READ)
        if found is None:
            raise NotFound("agent result", f"{assessment_id}/{node}")
        return AgentResult.model_validate(found["doc"])

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        with unavailable_on_connection_error():
            await (await self._collection()).delete_many(
                {"tenant_id": tenant_id, "assessment_id": assessment_id}
            )

    async def counts(self, tenant_id: str, since: datetime) -> AgentRunCounts:
        pipeline: list[dict[str, Any]] = [
            {"$match": {"tenant_id": tenant_id, "created_at": {"$gte": time_key(since)}}},
            {"$group": {"_id": "$status", "n": {"$sum": 1}, "attempts": {"$sum": "$doc.attempts"}}},
        ]
        with unavailable_on_connection_error():
            cursor = await (await self._collection()).aggregate(pipeline)
            rows = await cursor.to_list()
        return AgentRunCounts(
            by_status={row["_id"]: int(row["n"]) for row in rows},
            attempts=sum(int(row["attempts"]) for row in rows),
        )
