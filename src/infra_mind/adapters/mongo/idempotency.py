"""MongoDB idempotency keys: the unique (tenant, key) index decides the first writer;
a TTL index removes keys once they expire."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from infra_mind.adapters.mongo.client import (
    Document,
    MongoDatabase,
    unavailable_on_connection_error,
)
from infra_mind.adapters.mongo.indexes import IDEMPOTENCY_KEYS
from infra_mind.domain.errors import ConcurrencyConflict
from infra_mind.ports.idempotency import DEFAULT_TTL_S, IdempotencyRecord

DOC_SCHEMA_VERSION = 1
# An insert can lose to a concurrent one and then find the winner expired and
# gone; a few rounds settle it.
_ATTEMPTS = 5


class MongoIdempotencyStore:
    def __init__(self, database: MongoDatabase, ttl_s: float = DEFAULT_TTL_S) -> None:
        self._database = database
        self._ttl_s = ttl_s

    async def _collection(self) -> AsyncCollection[Document]:
        return (await self._database.ready())[IDEMPOTENCY_KEYS]

    def _document(self, record: IdempotencyRecord) -> dict[str, Any]:
        return {
            "tenant_id": record.tenant_id,
            "key": record.key,
            "resource_id": record.resource_id,
            # A BSON date, which the TTL index needs; the exact record is in doc.
            "expires_at": record.created_at + timedelta(seconds=self._ttl_s),
            "schema_version": DOC_SCHEMA_VERSION,
            "doc": record.model_dump(mode="json"),
        }

    async def reserve(self, record: IdempotencyRecord) -> IdempotencyRecord:
        scope = {"tenant_id": record.tenant_id, "key": record.key}
        with unavailable_on_connection_error():
            keys = await self._collection()
            for _ in range(_ATTEMPTS):
                try:
                    await keys.insert_one(self._document(record))
                    return record
                except DuplicateKeyError:
                    found = await keys.find_one(scope, {"_id": 0, "doc": 1})
                if found is None:
                    continue  # removed between our insert and read: try again
                stored = IdempotencyRecord.model_validate(found["doc"])
                if not stored.expired(record.created_at, self._ttl_s):
                    return stored
                # The TTL monitor runs about once a minute: an expired key may
                # still be there. Remove exactly that one, then insert again.
                await keys.delete_one({**scope, "resource_id": stored.resource_id})
        raise ConcurrencyConflict("idempotency key", record.key, 0, None)
