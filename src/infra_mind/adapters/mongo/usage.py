"""MongoDB usage ledger: one document per LLM call, summed per tenant and month on the server."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import LLM_USAGE
from infra_mind.adapters.storage_keys import time_key
from infra_mind.domain.llm_usage import UsageRecord
from infra_mind.domain.usage import LlmUsageSummary

DOC_SCHEMA_VERSION = 1


class MongoUsageLedger:
    def __init__(self, database: MongoDatabase) -> None:
        self._database = database

    async def _collection(self) -> AsyncCollection[Document]:
        return (await self._database.ready())[LLM_USAGE]

    async def record(self, record: UsageRecord) -> None:
        document = {
            "tenant_id": record.tenant_id,
            "assessment_id": record.assessment_id,
            "month": record.month,
            "at": time_key(record.at),
            "cost_usd": record.cost_usd,
            "schema_version": DOC_SCHEMA_VERSION,
            "doc": record.model_dump(mode="json"),
        }
        with unavailable_on_connection_error():
            await (await self._collection()).insert_one(document)

    async def month_total_usd(self, tenant_id: str, month: str) -> float:
        pipeline: list[dict[str, Any]] = [
            {"$match": {"tenant_id": tenant_id, "month": month}},
            {"$group": {"_id": None, "total": {"$sum": "$cost_usd"}}},
        ]
        with unavailable_on_connection_error():
            rows = await (await (await self._collection()).aggregate(pipeline)).to_list()
        return float(rows[0]["total"]) if rows else 0.0

    async def month_summary(self, tenant_id: str, month: str) -> LlmUsageSummary:
        def total(field: str) -> dict[str, str]:
            return {"$sum": f"$doc.{field}"}

        pipeline: list[dict[str, Any]] = [
            {"$match": {"tenant_id": tenant_id, "month": month}},
            {
                "$group": {
                    "_id": None,
                    "calls": {"$sum": 1},
                    "cached": {"$sum": {"$cond": ["$doc.cached", 1, 0]}},
                    "input_tokens": total("input_tokens"),
                    "output_tokens": total("output_tokens"),
                    "cost_usd": {"$sum": "$cost_usd"},
                }
            },
        ]
        with unavailable_on_connection_error():
            rows = await (await (await self._collection()).aggregate(pipeline)).to_list()
        if not rows:
            return LlmUsageSummary()
        row = rows[0]
        return LlmUsageSummary(
            calls=int(row["calls"]),
            cached_calls=int(row["cached"]),
            input_tokens=int(row["input_tokens"]),
            output_tokens=int(row["output_tokens"]),
            cost_usd=float(row["cost_usd"]),
        )

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[UsageRecord]:
        query = {"tenant_id": tenant_id, "assessment_id": assessment_id}
        with unavailable_on_connection_error():
            # Driver-made ObjectIds grow with each insert: _id order is write order.
            found = (await self._collection()).find(query, {"_id": 0, "doc": 1})
            rows = await found.sort("_id", ASCENDING).to_list()
        return [UsageRecord.model_validate(row["doc"]) for row in rows]
