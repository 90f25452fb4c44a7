"""Report use cases: build a report of a stored assessment in any format, cache it by
assessment version, type and format, and hand large renders to the reports queue."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import anyio

from infra_mind.domain.errors import NotFound, StorageUnavailable
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import ReportDocument, ReportFormat, ReportType
from infra_mind.ports.cache import Cache
from infra_mind.ports.reports import ReportQueue, ReportRenderer
from infra_mind.services.assessments import AssessmentService
from infra_mind.services.reports.builder import build_report

log = logging.getLogger(__name__)

# Bumped whenever a change to the builder or a renderer changes the files: older renders
# in a shared cache are then never served.
LAYOUT_VERSION = 1

# Render work per format, relative to HTML, measured on the examples' full reports
# (WeasyPrint layout makes a PDF about five times the work of its HTML).
FORMAT_WEIGHT = {
    ReportFormat.MARKDOWN: 0.1,
    ReportFormat.EXCEL: 0.5,
    ReportFormat.WORD: 1.0,
    ReportFormat.HTML: 1.0,
    ReportFormat.PDF: 5.0,
}


@dataclass(frozen=True)
class ReportSettings:
    """``queue_above``: render work (``ReportDocument.size`` × format weight) above which a
    render is large and goes to the reports queue when there is one; ``ttl_s``: how long a
    finished render stays cached; ``retry_after_s``: what a caller of a queued render is
    told to wait before asking again."""

    queue_above: float = 500.0
    ttl_s: float = 24 * 3600.0
    retry_after_s: int = 2


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    media_type: str
    filename: str


@dataclass(frozen=True)
class QueuedReport:
    """A large render handed to a reports worker; ask again after ``retry_after_s``."""

    retry_after_s: int


def parse_report_name(name: str) -> tuple[ReportType, ReportFormat]:
    """``full.pdf`` → (FULL, PDF); NotFound for an unknown type or format."""
    stem, _, suffix = name.rpartition(".")
    try:
        report_type = ReportType(stem)
    except ValueError:
        raise NotFound("report type", stem or name) from None
    try:
        return report_type, ReportFormat(suffix)
    except ValueError:
        raise NotFound("report format", suffix) from None


def render_work(document: ReportDocument, report_format: ReportFormat) -> float:
    return document.size * FORMAT_WEIGHT[report_format]


def cache_key(tenant_id: str, outcome: AssessmentOutcome, name: str) -> str:
    a = outcome.assessment
    return f"report:{tenant_id}:{a.id}:v{a.version}:l{LAYOUT_VERSION}:{name}"


def filename(outcome: AssessmentOutcome, report_type: ReportType, fmt: ReportFormat) -> str:
    return f"infra-mind-{outcome.assessment.id}-{report_type.value}.{fmt.value}"


class ReportService:
    def __init__(
        self,
        assessments: AssessmentService,
        renderers: Sequence[ReportRenderer],
        cache: Cache,
        queue: ReportQueue | None = None,
        settings: ReportSettings | None = None,
    ) -> None:
        self._assessments = assessments
        self._renderers = {r.format: r for r in renderers}
        self._cache = cache
        self._queue = queue
        self._settings = settings or ReportSettings()

    @property
    def formats(self) -> list[ReportFormat]:
        return list(self._renderers)

    async def report(
        self,
        tenant_id: str,
        assessment_id: str,
        report_type: ReportType,
        report_format: ReportFormat,
        *,
        allow_queue: bool = True,
    ) -> RenderedReport | QueuedReport:
        """The cached file, a fresh render (in a worker thread), or — for a large render
        when a reports queue exists and ``allow_queue`` — a queued job."""
        renderer = self._renderer(report_format)
        outcome = await self._assessments.outcome(tenant_id, assessment_id)
        key = cache_key(tenant_id, outcome, f"{report_type.value}.{report_format.value}")
        name = filename(outcome, report_type, report_format)
        cached = await self._cached(key)
        if cached is not None:
            return RenderedReport(cached, renderer.media_type, name)
        document = await anyio.to_thread.run_sync(build_report, outcome, report_type)
        large = render_work(document, report_format) > self._settings.queue_above
        if large and allow_queue and self._queue is not None:
            await self._queue.enqueue_report(
                tenant_id, assessment_id, report_type.value, report_format.value
            )
            return QueuedReport(self._settings.retry_after_s)
        content = await anyio.to_thread.run_sync(renderer.render, document)
        await self._store(key, content)
        return RenderedReport(content, renderer.media_type, name)

    async def render_queued(
        self, tenant_id: str, assessment_id: str, report_type: str, report_format: str
    ) -> int:
        """The reports worker's job: render into the cache; the file's size in bytes."""
        result = await self.report(
            tenant_id,
            assessment_id,
            ReportType(report_type),
            ReportFormat(report_format),
            allow_queue=False,
        )
        return len(result.content) if isinstance(result, RenderedReport) else 0

    async def render_outcome(
        self, outcome: AssessmentOutcome, report_type: ReportType, report_format: ReportFormat
    ) -> RenderedReport:
        """A report of an outcome already in hand (``assess --report-dir``), not cached."""
        renderer = self._renderer(report_format)
        document = await anyio.to_thread.run_sync(build_report, outcome, report_type)
        content = await anyio.to_thread.run_sync(renderer.render, document)
        return RenderedReport(
            content, renderer.media_type, filename(outcome, report_type, report_format)
        )

    def _renderer(self, report_format: ReportFormat) -> ReportRenderer:
        renderer = self._renderers.get(report_format)
        if renderer is None:
            raise NotFound("report format", report_format.value)
        return renderer

    async def _cached(self, key: str) -> bytes | None:
        try:
            return await self._cache.get(key)
        except StorageUnavailable:
            log.warning("report cache unavailable; rendering %s afresh", key)
            return None

    async def _store(self, key: str, content: bytes) -> None:
        try:
            await self._cache.set(key, content, self._settings.ttl_s)
        except StorageUnavailable:
            log.warning("report cache unavailable; %s not kept", key)
