"""The audit trail: records security-relevant actions under the principal that did them."""

from __future__ import annotations

from infra_mind.domain.access import Permission, Principal
from infra_mind.domain.tenancy import AuditAction, AuditEntry
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.tenancy import AuditLog

# Who acts when a local operator runs the CLI on the server's own data.
LOCAL_OPERATOR = "local:operator"


class AuditTrail:
    def __init__(self, log: AuditLog, clock: Clock, ids: IdGenerator) -> None:
        self._log = log
        self._clock = clock
        self._ids = ids

    async def record(
        self,
        tenant_id: str,
        action: AuditAction,
        by: Principal | None,
        target: str = "",
        **detail: str,
    ) -> AuditEntry:
        """``by`` None is the local operator (CLI on the server's own data)."""
        entry = AuditEntry(
            id=self._ids.new_id(),
            tenant_id=tenant_id,
            at=self._clock.now(),
            action=action,
            actor=by.subject if by else LOCAL_OPERATOR,
            role=by.role if by else None,
            target=target,
            detail=detail,
        )
        await self._log.append(entry)
        return entry

    async def read(self, by: Principal, limit: int = 100) -> list[AuditEntry]:
        """The principal's tenant's entries, newest first; needs ``audit:read``."""
        by.require(Permission.AUDIT)
        return await self._log.list(by.tenant_id, limit)
