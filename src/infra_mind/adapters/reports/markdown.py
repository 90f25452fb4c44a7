"""Markdown renderer: GitHub-flavoured tables, paragraphs wrapped at 100 columns."""

from __future__ import annotations

import textwrap

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

WIDTH = 100
# text up to this length stays on one line (a phrase is never split by wrapping)
UNWRAPPED = 300
# a table row longer than this reads badly as a pipe table: it becomes a list instead
MAX_ROW = 300


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    if len(first) + len(text) <= UNWRAPPED:
        return [first + text]
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(t: Table) -> list[str]:
    lines = [f"**{t.title}**", ""]
    headers = [c.header for c in t.columns]
    rows = ["| " + " | ".join(_cell(c.text) for c in row) + " |" for row in t.rows]
    if any(len(r) > MAX_ROW for r in rows):
        for row in t.rows:
            pairs = "; ".join(f"{h}: {c.text}" for h, c in zip(headers, row, strict=True) if c.text)
            lines += _wrap(pairs, "- ", "  ")
        return [*lines, ""]
    align = ["---:" if c.kind != "text" else "---" for c in t.columns]
    lines += ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |", *rows]
    return [*lines, ""]


def _block(block: Block) -> list[str]:
    match block:
        case Paragraph(tone="note"):
            return [*_wrap(f"*{block.text}*"), ""]
        case Paragraph(tone="warning"):
            return [*_wrap(block.text, "> ", "> "), ""]
        case Paragraph():
            return [*_wrap(block.text), ""]
        case BulletList():
            return [line for item in block.items for line in _wrap(item, "- ", "  ")] + [""]
        case KeyFigures():
            return [*(f"- **{f.label}:** {f.value}" for f in block.items), ""]
        case Table():
            return _table(block)
        case Chart():
            lead = f"Chart (drawn in the HTML, PDF, Word and Excel reports): {block.title}."
            text = " ".join(part for part in (lead, block.caption) if part)
            return [*_wrap(f"*{text}*"), ""]
    return []


class MarkdownRenderer:
    format = ReportFormat.MARKDOWN
    media_type = MEDIA_TYPES[ReportFormat.MARKDOWN]

    def render(self, document: ReportDocument) -> bytes:
        lines = [f"# {document.title}", "", *_wrap(f"*{document.subtitle}*"), ""]
        for section in document.sections:
            lines += [f"## {section.title}", ""]
            for block in section.blocks:
                lines += _block(block)
        return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
