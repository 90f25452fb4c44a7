"""The composition root: the only place that picks concrete adapters.

A package rather than one module so each area's wiring stays small; it is
still one root: ``build_container(settings)`` is the only entry.
"""

from infra_mind.container.application import (
    ApplicationContainer,
    build_container,
    resolve,
    running_container,
    start_container,
    stop_container,
)

__all__ = [
    "ApplicationContainer",
    "build_container",
    "resolve",
    "running_container",
    "start_container",
    "stop_container",
]
