"""Word renderer (python-docx): headings, paragraphs, bullet lists, styled tables and the
charts as pictures; each section after the first starts on a new page."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Inches, Pt, RGBColor

from infra_mind.adapters.reports.charts import chart_png
from infra_mind.domain.report import (
    MEDIA_TYPES,
    Block,
    BulletList,
    Chart,
    KeyFigures,
    Paragraph,
    ReportDocument,
    ReportFormat,
    Table,
)

NOTE = RGBColor(0x6B, 0x77, 0x85)
WARNING = RGBColor(0x8A, 0x5A, 0x00)


def _table(doc: DocxDocument, t: Table) -> None:
    doc.add_paragraph(t.title, style="Heading 3")
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Light Grid Accent 1"
    for cell, column in zip(table.rows[0].cells, t.columns, strict=True):
        cell.text = column.header
    for row in t.rows:
        cells = table.add_row().cells
        for cell, value, column in zip(cells, row, t.columns, strict=True):
            cell.text = value.text
            if column.kind != "text":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(7.5)


def _block(doc: DocxDocument, block: Block) -> None:
    match block:
        case Paragraph():
            run = doc.add_paragraph().add_run(block.text)
            if block.tone == "note":
                run.italic, run.font.color.rgb = True, NOTE
            elif block.tone == "warning":
                run.font.color.rgb = WARNING
        case BulletList():
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        case KeyFigures():
            table = doc.add_table(rows=0, cols=2)
            table.style = "Light List Accent 1"
            for f in block.items:
                label, value = table.add_row().cells
                label.text, value.text = f.label, f.value
        case Table():
            _table(doc, block)
        case Chart():
            doc.add_picture(io.BytesIO(chart_png(block)), width=Inches(6.3))
            if block.caption:
                doc.add_paragraph(block.caption).runs[0].italic = True


class WordRenderer:
    format = ReportFormat.WORD
    media_type = MEDIA_TYPES[ReportFormat.WORD]

    def render(self, document: ReportDocument) -> bytes:
        doc = Document()
        for s in doc.sections:
            s.left_margin = s.right_margin = Inches(0.8)
        doc.styles["Normal"].font.size = Pt(9.5)
        doc.add_heading(document.title, level=0)
        doc.add_paragraph(document.subtitle).runs[0].italic = True
        for i, section in enumerate(document.sections):
            if i:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_heading(section.title, level=1)
            for block in section.blocks:
                _block(doc, block)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()
