"""The format-neutral report document: sections of paragraphs, lists, tables and charts.

Services build one ``ReportDocument`` from a stored assessment; every renderer
(Markdown, HTML, PDF, Excel, Word) shows exactly its content, so the formats agree.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class ReportType(StrEnum):
    EXECUTIVE_SUMMARY = "executive-summary"
    TECHNICAL_ROADMAP = "technical-roadmap"
    COST_ANALYSIS = "cost-analysis"
    COMPLIANCE = "compliance"
    FULL = "full"


class ReportFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    EXCEL = "xlsx"
    WORD = "docx"


MEDIA_TYPES = {
    ReportFormat.MARKDOWN: "text/markdown",
    ReportFormat.HTML: "text/html",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.EXCEL: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.WORD: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True)


class Paragraph(_Block):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    # "note" marks a section that has no data; "warning" an assumption that moved a number
    tone: Literal["normal", "note", "warning"] = "normal"


class BulletList(_Block):
    kind: Literal["bullets"] = "bullets"
    items: list[str]
    tone: Literal["normal", "warning"] = "normal"


class KeyFigure(_Block):
    label: str
    value: str


class KeyFigures(_Block):
    kind: Literal["figures"] = "figures"
    items: list[KeyFigure]


ColumnKind = Literal["text", "money", "unit_price", "number", "integer", "percent"]


class Column(_Block):
    header: str
    kind: ColumnKind = "text"


class Cell(_Block):
    """What a reader sees (``text``) and the number behind it (``value``), rounded as shown:
    money to cents, unit prices to the precision that makes their row multiply out."""

    text: str
    value: float | int | str | None = None


class Table(_Block):
    kind: Literal["table"] = "table"
    title: str
    columns: list[Column]
    rows: list[list[Cell]]


class Series(_Block):
    name: str
    values: list[float]


class Chart(_Block):
    """Data for one chart; an adapter draws it. ``style`` picks the drawing:
    ``bar`` (one bar per label and series), ``stacked`` (series stacked per label),
    ``fan`` (series p10, p50, p90 over ``x``), ``timeline`` (series start and
    duration per label; ``highlight`` marks the critical path)."""

    kind: Literal["chart"] = "chart"
    style: Literal["bar", "stacked", "fan", "timeline"]
    title: str
    labels: list[str] = Field(default_factory=list)
    x: list[float] = Field(default_factory=list)
    series: list[Series]
    x_label: str = ""
    y_label: str = ""
    highlight: list[bool] = Field(default_factory=list)
    caption: str = ""


Block = Annotated[Paragraph | BulletList | KeyFigures | Table | Chart, Field(discriminator="kind")]


class Section(_Block):
    title: str
    # the Excel sheet this section fills (31 characters at most, Excel's limit)
    sheet: str = Field(max_length=31)
    blocks: list[Block]


class ReportDocument(_Block):
    title: str
    subtitle: str
    report_type: ReportType
    assessment_id: str
    assessment_version: int
    sections: list[Section]

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    @property
    def size(self) -> int:
        """Render work in table-row units: a chart costs about as much as 25 rows."""
        rows = sum(len(b.rows) for s in self.sections for b in s.blocks if isinstance(b, Table))
        return rows + 25 * len(self.charts)
