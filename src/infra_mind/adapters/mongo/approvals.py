"""MongoDB approval history: one document per decision, never updated."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import APPROVALS
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.approval import Approval

DOC_SCHEMA_VERSION = 1
_ORDER = [("decided_at", ASCENDING), ("id", ASCENDING)]


def to_document(approval: Approval) -> dict[str, Any]:
    return {
        "tenant_id": approval.tenant_id,
        "id": approval.id,
        "assessment_id": approval.assessment_id,
        "recommendation_id": approval.recommendation_id,
        "decided_at": time_key(approval.decided_at),
        "schema_version": DOC_SCHEMA_VERSION,
        "doc": approval.model_dump(mode="json"),
    }


class MongoApprovalRepository:
    def __init__(self, database: MongoDatabase) -> None:
        self._database = database

    async def _collection(self) -> AsyncCollection[Document]:
        return (await self._database.ready())[APPROVALS]

    async def add(self, approval: Approval) -> None:
        with unavailable_on_connection_error():
            await (await self._collection()).insert_one(to_document(approval))

    async def list_for_recommendation(
        self, tenant_id: str, recommendation_id: str
    ) -> list[Approval]:
        return await self._list({"tenant_id": tenant_id, "recommendation_id": recommendation_id})

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[Approval]:
        return await self._list({"tenant_id": tenant_id, "assessment_id": assessment_id})

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        with unavailable_on_connection_error():
            await (await self._collection()).delete_many(
                {"tenant_id": tenant_id, "assessment_id": assessment_id}
            )

    async def _list(self, query: dict[str, str]) -> list[Approval]:
        with unavailable_on_connection_error():
            found = (await self._collection()).find(query, {"_id": 0, "doc": 1}).sort(_ORDER)
            rows = await found.to_list()
        return [Approval.model_validate(row["doc"]) for row in rows]
