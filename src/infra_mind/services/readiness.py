"""Readiness: whether every backing service this process needs answers right now."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import anyio

Check = Callable[[], Awaitable[object]]

log = logging.getLogger(__name__)


@dataclass
class Readiness:
    """Runs each named check (``storage``, ``redis``, …) concurrently, each bounded
    by ``timeout_s`` so a hanging server reads as down rather than as a slow probe."""

    checks: Mapping[str, Check]
    timeout_s: float = 3.0

    async def down(self) -> dict[str, str]:
        """The components that did not answer, each with the reason; empty when ready."""
        failures: dict[str, str] = {}

        async def probe(name: str, check: Check) -> None:
            try:
                with anyio.fail_after(self.timeout_s):
                    await check()
            except TimeoutError:
                failures[name] = f"no answer within {self.timeout_s:g} s"
            # Any failure of a probe means "not ready". The probe is public, so the
            # answer names the component only: hosts, ports and driver messages are
            # logged, never returned.
            except Exception as exc:
                log.warning("readiness: %s is down: %s", name, exc)
                failures[name] = "unavailable"

        async with anyio.create_task_group() as tg:
            for name, check in self.checks.items():
                tg.start_soon(probe, name, check)
        return dict(sorted(failures.items()))
