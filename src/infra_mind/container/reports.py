"""Reports sub-container: the renderers and the report service.

Each renderer's driver (matplotlib, WeasyPrint, openpyxl, python-docx) is imported on
its first render, so a command that writes Markdown, or no report at all, does not pay
for the others at start-up.
"""

from __future__ import annotations

import importlib
import threading

from dependency_injector import containers, providers

from infra_mind.config import Settings
from infra_mind.domain.report import MEDIA_TYPES, ReportDocument, ReportFormat
from infra_mind.ports.reports import ReportRenderer
from infra_mind.services.reports.service import ReportService, ReportSettings

RENDERERS = {
    ReportFormat.MARKDOWN: ("infra_mind.adapters.reports.markdown", "MarkdownRenderer"),
    ReportFormat.HTML: ("infra_mind.adapters.reports.html", "HtmlRenderer"),
    ReportFormat.PDF: ("infra_mind.adapters.reports.pdf", "PdfRenderer"),
    ReportFormat.EXCEL: ("infra_mind.adapters.reports.excel", "ExcelRenderer"),
    ReportFormat.WORD: ("infra_mind.adapters.reports.word", "WordRenderer"),
}


class LazyRenderer:
    """A renderer whose adapter module is imported on the first ``render``."""

    def __init__(self, report_format: ReportFormat) -> None:
        self.format = report_format
        self.media_type = MEDIA_TYPES[report_format]
        self._lock = threading.Lock()  # renders run in worker threads
        self._renderer: ReportRenderer | None = None

    def render(self, document: ReportDocument) -> bytes:
        with self._lock:
            if self._renderer is None:
                module, name = RENDERERS[self.format]
                self._renderer = getattr(importlib.import_module(module), name)()
        assert self._renderer is not None
        return self._renderer.render(document)


def report_renderers() -> list[ReportRenderer]:
    return [LazyRenderer(f) for f in RENDERERS]


def report_settings(settings: Settings) -> ReportSettings:
    r = settings.reports
    return ReportSettings(queue_above=r.queue_above, ttl_s=r.cache_ttl_s)


class ReportsContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    assessment_service = providers.Dependency()
    cache = providers.Dependency()
    # the arq queue, or None where there are no reports workers (embedded): renders then
    # run in a worker thread of the asking process
    queue = providers.Dependency()

    renderers = providers.Singleton(report_renderers)
    report_service = providers.Singleton(
        ReportService,
        assessments=assessment_service,
        renderers=renderers,
        cache=cache,
        queue=queue,
        settings=providers.Factory(report_settings, settings),
    )
