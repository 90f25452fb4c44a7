"""Excel renderer (openpyxl): one sheet per section — summary, recommendations, monthly cost
by line item and provider, projections, compliance matrix, implementation plan, findings.
Numbers are stored as numbers (money to the cent) with formats that show them as in the text."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from infra_mind.adapters.reports.charts import DPI, chart_png
from infra_mind.domain.report import (
    MEDIA_TYPES,
    Block,
    BulletList,
    Cell,
    Chart,
    Column,
    KeyFigures,
    Paragraph,
    ReportDocument,
    ReportFormat,
    Table,
)

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
ROW_PX = 20  # default row height in pixels, to leave room below an image


def _decimals(text: str) -> int:
    number = text.replace("$", "").replace(",", "").replace("%", "").strip()
    return len(number.split(".")[1]) if "." in number else 0


def _number_format(column: Column, cell: Cell) -> str | None:
    digits = _decimals(cell.text)
    fraction = "." + "0" * digits if digits else ""
    match column.kind:
        case "money" | "unit_price":
            return f'"$"#,##0{fraction};-"$"#,##0{fraction}'
        case "integer":
            return "#,##0"
        case "number":
            return f"#,##0{fraction}"
        case "percent":
            return f'0{fraction}" %"'
    return None


class _Writer:
    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = sheet.max_row + 2 if sheet.max_row > 1 else 1

    def line(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        cell = self.sheet.cell(row=self.row, column=1, value=text)
        cell.font = Font(bold=bold, italic=italic)
        self.row += 1

    def block(self, block: Block) -> None:
        match block:
            case Paragraph():
                self.line(block.text, italic=block.tone == "note")
            case BulletList():
                for item in block.items:
                    self.line(f"• {item}")
            case KeyFigures():
                for f in block.items:
                    self.sheet.cell(row=self.row, column=1, value=f.label).font = Font(bold=True)
                    self.sheet.cell(row=self.row, column=2, value=f.value)
                    self.row += 1
            case Table():
                self.table(block)
            case Chart():
                self.chart(block)
        self.row += 1

    def table(self, table: Table) -> None:
        self.line(table.title, bold=True)
        for i, column in enumerate(table.columns, start=1):
            cell = self.sheet.cell(row=self.row, column=i, value=column.header)
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        self.row += 1
        for row in table.rows:
            for i, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                numeric = column.kind != "text" and isinstance(value.value, int | float)
                cell = self.sheet.cell(
                    row=self.row, column=i, value=value.value if numeric else value.text
                )
                if numeric:
                    cell.number_format = _number_format(column, value) or "General"
                else:
                    cell.alignment = Alignment(wrap_text=len(value.text) > 60, vertical="top")
            self.row += 1

    def chart(self, chart: Chart) -> None:
        image = Image(io.BytesIO(chart_png(chart)))
        scale = 96 / DPI  # images are placed at screen resolution
        image.width, image.height = image.width * scale, image.height * scale
        self.sheet.add_image(image, f"A{self.row}")
        self.row += int(image.height / ROW_PX) + 2


def _widths(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48
    for letter in "CDEFGHIJKL":
        sheet.column_dimensions[letter].width = 16


class ExcelRenderer:
    format = ReportFormat.EXCEL
    media_type = MEDIA_TYPES[ReportFormat.EXCEL]

    def render(self, document: ReportDocument) -> bytes:
        book = Workbook()
        first = book.active
        if first is not None:
            book.remove(first)
        for section in document.sections:
            if section.sheet in book.sheetnames:
                sheet = book[section.sheet]
            else:
                sheet = book.create_sheet(section.sheet)
                _widths(sheet)
                sheet.cell(row=1, column=1, value=document.title).font = Font(bold=True, size=14)
                sheet.cell(row=2, column=1, value=document.subtitle).font = Font(italic=True)
            writer = _Writer(sheet)
            writer.line(section.title, bold=True)
            for block in section.blocks:
                writer.block(block)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
