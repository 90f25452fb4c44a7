"""The in-process revocation list (embedded default): one process, no server."""

from __future__ import annotations

from datetime import UTC, datetime


class InProcessRevocationList:
    def __init__(self) -> None:
        self._until: dict[str, datetime] = {}

    async def revoke(self, token_id: str, until: datetime) -> None:
        now = datetime.now(UTC)
        # Forget entries whose credentials have expired anyway: the list stays small.
        self._until = {k: v for k, v in self._until.items() if v > now}
        self._until[token_id] = max(until, self._until.get(token_id, until))

    async def is_revoked(self, token_id: str) -> bool:
        until = self._until.get(token_id)
        return until is not None and until > datetime.now(UTC)
