"""Reports of a stored assessment: ``GET …/reports/{type}.{format}`` returns the file, or
202 with Retry-After while a reports worker renders a large one."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from infra_mind.domain.access import Permission
from infra_mind.entrypoints.http.problems import problem_responses
from infra_mind.entrypoints.http.schemas import API
from infra_mind.services.reports.service import (
    QueuedReport,
    ReportService,
    parse_report_name,
)


class ReportsController(Controller):
    path = f"{API}/assessments/{{assessment_id:str}}/reports"
    tags = ("reports",)

    @get(
        "/{name:str}",
        permission=Permission.READ,
        responses=problem_responses(404),
        summary="A report as a file: {type}.{format}",
        description=(
            "type: executive-summary, technical-roadmap, cost-analysis, compliance, full; "
            "format: md, html, pdf, xlsx, docx. 200 with the file (Content-Disposition names "
            "it); 202 with Retry-After while a large render is queued for a reports worker."
        ),
    )
    async def report(
        self,
        assessment_id: FromPath[str],
        name: FromPath[str],
        tenant: NamedDependency[str],
        reports: NamedDependency[ReportService],
    ) -> Response[bytes | dict[str, object]]:
        report_type, report_format = parse_report_name(name)
        result = await reports.report(tenant, assessment_id, report_type, report_format)
        if isinstance(result, QueuedReport):
            return Response(
                {"status": "rendering", "retry_after_s": result.retry_after_s},
                status_code=202,
                headers={"Retry-After": str(result.retry_after_s)},
            )
        return Response(
            result.content,
            media_type=result.media_type,
            headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
        )
