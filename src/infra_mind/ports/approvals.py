"""Approval repository port: the append-only decision history of recommendations."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from infra_mind.domain.approval import Approval


@runtime_checkable
class ApprovalRepository(Protocol):
    """Stores decisions per tenant; nothing is overwritten or read across tenants.

    Lists are oldest first. Implementations raise StorageUnavailable when the
    store cannot be reached.
    """

    async def add(self, approval: Approval) -> None: ...

    async def list_for_recommendation(
        self, tenant_id: str, recommendation_id: str
    ) -> list[Approval]: ...

    async def list_for_assessment(self, tenant_id: str, assessment_id: str) -> list[Approval]: ...

    async def delete_for(self, tenant_id: str, assessment_id: str) -> None: ...
