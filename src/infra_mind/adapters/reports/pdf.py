"""PDF renderer: WeasyPrint lays out the same HTML (so PDF and HTML never disagree) with
its print CSS — A4 pages, page numbers, headers repeated on every page of a long table."""

from __future__ import annotations

from weasyprint import HTML

from infra_mind.adapters.reports.html import render_html
from infra_mind.domain.report import MEDIA_TYPES, ReportDocument, ReportFormat


class PdfRenderer:
    format = ReportFormat.PDF
    media_type = MEDIA_TYPES[ReportFormat.PDF]

    def render(self, document: ReportDocument) -> bytes:
        pdf: bytes = HTML(string=render_html(document)).write_pdf()
        return pdf
