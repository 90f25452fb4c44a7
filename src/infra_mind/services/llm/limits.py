"""Concurrency limits on LLM calls: one global, one per tenant."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio


class ConcurrencyLimits:
    """At most ``global_limit`` calls in flight, and at most ``per_tenant`` for any one tenant.

    A tenant waits for its own slot before it takes a global one, so one busy
    tenant cannot hold global slots while queued behind itself.
    """

    def __init__(self, global_limit: int, per_tenant: int) -> None:
        self._global = anyio.CapacityLimiter(global_limit)
        self._per_tenant = per_tenant
        self._tenants: dict[str, anyio.CapacityLimiter] = {}
        self._users: dict[str, int] = {}

    @property
    def in_flight(self) -> int:
        return int(self._global.borrowed_tokens)

    @asynccontextmanager
    async def slot(self, tenant_id: str) -> AsyncIterator[None]:
        limiter = self._tenants.setdefault(tenant_id, anyio.CapacityLimiter(self._per_tenant))
        self._users[tenant_id] = self._users.get(tenant_id, 0) + 1
        try:
            async with limiter, self._global:
                yield
        finally:
            self._users[tenant_id] -= 1
            if self._users[tenant_id] == 0:
                del self._users[tenant_id], self._tenants[tenant_id]
