"""The report service: renders once per assessment version, type and format; large renders
go to the reports queue when there is one, else render in a worker thread."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from infra_mind.adapters.memory.cache import InMemoryCache
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import ReportDocument, ReportFormat, ReportType
from infra_mind.services.reports.builder import build_report
from infra_mind.services.reports.service import (
    QueuedReport,
    RenderedReport,
    ReportService,
    ReportSettings,
    render_work,
)
from tests.factories import EXAMPLES
from tests.reports_world import ReportWorld

pytestmark = pytest.mark.anyio


class StoredAssessments:
    def __init__(self, outcome: AssessmentOutcome) -> None:
        self.current = outcome

    async def outcome(self, tenant_id: str, assessment_id: str) -> AssessmentOutcome:
        return self.current


@dataclass
class CountingRenderer:
    format: ReportFormat = ReportFormat.MARKDOWN
    media_type: str = "text/markdown"
    rendered: list[int] = field(default_factory=list)

    def render(self, document: ReportDocument) -> bytes:
        self.rendered.append(document.assessment_version)
        return f"v{document.assessment_version}".encode()


@dataclass
class RecordingQueue:
    jobs: list[tuple[str, str, str, str]] = field(default_factory=list)

    async def enqueue_report(
        self, tenant_id: str, assessment_id: str, report_type: str, report_format: str
    ) -> bool:
        self.jobs.append((tenant_id, assessment_id, report_type, report_format))
        return True


def _service(
    outcome: AssessmentOutcome,
    renderer: CountingRenderer,
    queue: RecordingQueue | None = None,
    queue_above: float = 500.0,
) -> tuple[ReportService, StoredAssessments]:
    stored = StoredAssessments(outcome)
    service = ReportService(
        stored,  # type: ignore[arg-type]
        [renderer],
        InMemoryCache(),
        queue,
        ReportSettings(queue_above=queue_above),
    )
    return service, stored


async def test_a_second_request_for_the_same_version_is_not_rendered_again(
    report_world: ReportWorld,
) -> None:
    outcome = report_world.outcomes[EXAMPLES[0]]
    renderer = CountingRenderer()
    service, _ = _service(outcome, renderer)
    for _ in range(2):
        await service.report("t", "a", ReportType.FULL, ReportFormat.MARKDOWN)
    assert renderer.rendered == [outcome.assessment.version]


async def test_a_new_assessment_version_is_rendered_afresh(report_world: ReportWorld) -> None:
    outcome = report_world.outcomes[EXAMPLES[0]]
    renderer = CountingRenderer()
    service, stored = _service(outcome, renderer)
    await service.report("t", "a", ReportType.FULL, ReportFormat.MARKDOWN)
    newer = outcome.assessment.model_copy(update={"version": outcome.assessment.version + 1})
    stored.current = outcome.model_copy(update={"assessment": newer})
    result = await service.report("t", "a", ReportType.FULL, ReportFormat.MARKDOWN)
    assert isinstance(result, RenderedReport)
    assert result.content == f"v{newer.version}".encode()


async def test_a_large_render_is_queued_when_there_is_a_reports_queue(
    report_world: ReportWorld,
) -> None:
    queue = RecordingQueue()
    service, _ = _service(report_world.outcomes[EXAMPLES[0]], CountingRenderer(), queue, 0.0)
    result = await service.report("t", "a", ReportType.FULL, ReportFormat.MARKDOWN)
    assert (result, queue.jobs) == (QueuedReport(2), [("t", "a", "full", "md")])


async def test_without_a_reports_queue_a_large_render_runs_here(
    report_world: ReportWorld,
) -> None:
    renderer = CountingRenderer()
    service, _ = _service(report_world.outcomes[EXAMPLES[0]], renderer, None, 0.0)
    result = await service.report("t", "a", ReportType.FULL, ReportFormat.MARKDOWN)
    assert isinstance(result, RenderedReport)


@pytest.mark.parametrize("example", EXAMPLES)
def test_full_pdf_is_large_and_an_executive_summary_is_not(
    report_world: ReportWorld, example: str
) -> None:
    outcome = report_world.outcomes[example]
    full = render_work(build_report(outcome, ReportType.FULL), ReportFormat.PDF)
    summary = render_work(build_report(outcome, ReportType.EXECUTIVE_SUMMARY), ReportFormat.PDF)
    assert (full > 500, summary > 500) == (True, False)
