"""Infra Mind: eleven analyst agents turn a team's description of its AI workloads
into ranked, costed, compliance-checked infrastructure recommendations.

    import infra_mind
    outcome = infra_mind.assess_sync(document)      # or: await infra_mind.assess(document)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infra_mind.entrypoints.library import assess, assess_sync

__all__ = ["assess", "assess_sync"]


def __getattr__(name: str) -> Any:
    # Imported on first use so that importing the package starts nothing.
    if name in __all__:
        from infra_mind.entrypoints import library

        return getattr(library, name)
    raise AttributeError(name)
