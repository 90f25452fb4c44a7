"""Report ports: renderers that turn a report document into a file, and the reports queue."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from infra_mind.domain.report import ReportDocument, ReportFormat


@runtime_checkable
class ReportRenderer(Protocol):
    """Writes a ``ReportDocument`` as one file format, showing all of its content.

    ``render`` is synchronous CPU work (layout, charts): callers run it in a worker
    thread or a reports worker, never on the event loop. It raises only on a
    defect; a document it cannot show is a bug, not bad input.
    """

    @property
    def format(self) -> ReportFormat: ...

    @property
    def media_type(self) -> str: ...

    def render(self, document: ReportDocument) -> bytes: ...


@runtime_checkable
class ReportQueue(Protocol):
    """Hands a large render to a reports worker, which stores the file in the cache.

    Enqueuing a render that already has a pending job is a no-op returning False.
    """

    async def enqueue_report(
        self, tenant_id: str, assessment_id: str, report_type: str, report_format: str
    ) -> bool: ...
