"""In-memory approval history and idempotency keys (tests and the ``memory`` backend)."""

from __future__ import annotations

from infra_mind.domain.approval import Approval
from infra_mind.ports.idempotency import DEFAULT_TTL_S, IdempotencyRecord


class InMemoryApprovalRepository:
    def __init__(self) -> None:
        self._rows: list[Approval] = []

    async def add(self, approval: Approval) -> None:
        self._rows.append(approval)
        self._rows.sort(key=lambda a: (a.decided_at, a.id))

    async def list_for_recommendation(
        self, tenant_id: str, recommendation_id: str
    ) -> list[Approval]:
        return [
            a
            for a in self._rows
            if a.tenant_id == tenant_id and a.recommendation_id == recommendation_id
        ]

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[Approval]:
        return [
            a for a in self._rows if a.tenant_id == tenant_id and a.assessment_id == assessment_id
        ]

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None:
        self._rows = [
            a
            for a in self._rows
            if not (a.tenant_id == tenant_id and a.assessment_id == assessment_id)
        ]


class InMemoryIdempotencyStore:
    def __init__(self, ttl_s: float = DEFAULT_TTL_S) -> None:
        self._rows: dict[tuple[str, str], IdempotencyRecord] = {}
        self._ttl_s = ttl_s

    async def reserve(self, record: IdempotencyRecord) -> IdempotencyRecord:
        key = (record.tenant_id, record.key)
        stored = self._rows.get(key)
        if stored is None or stored.expired(record.created_at, self._ttl_s):
            self._rows[key] = stored = record
        return stored
