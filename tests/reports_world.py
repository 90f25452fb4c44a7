"""Stored assessments of every example (one SQLite file for the session) and independent
readers for each report format: what the report tests check reports against."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import openpyxl
from pypdf import PdfReader

from infra_mind.config import Settings, load_settings
from infra_mind.container import build_container, running_container
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.entrypoints.library import run_in_container
from tests.factories import EXAMPLES, example_input

ROOT = Path(__file__).resolve().parents[1]
# first PDF pages as PNG, for a person to look at (gitignored)
ARTEFACTS = ROOT / "artefacts" / "reports"


@dataclass(frozen=True)
class ReportWorld:
    data_dir: Path
    settings: Settings
    outcomes: dict[str, AssessmentOutcome]


async def store_examples(data_dir: Path) -> ReportWorld:
    settings = load_settings(storage={"backend": "sqlite"}, data_dir=data_dir)
    container = build_container(settings)
    outcomes = {}
    async with running_container(container):
        for name in EXAMPLES:
            outcomes[name] = await run_in_container(container, example_input(name))
    return ReportWorld(data_dir, settings, outcomes)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1
        elif tag in ("p", "li", "tr", "h1", "h2", "h3", "div", "caption", "br"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(content: bytes) -> str:
    parser = _Text()
    parser.feed(content.decode("utf-8"))
    return "".join(parser.parts)


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def first_page_png(content: bytes, target: Path) -> Path:
    """The first PDF page as a PNG at ``target`` (pdftoppm adds nothing with -singlefile)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-", str(stem)],
        input=content,
        check=True,
    )
    return target


def xlsx_book(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def xlsx_text(content: bytes) -> str:
    book = xlsx_book(content)
    lines = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if v is not None]
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def text_of(report_format: str, content: bytes) -> str:
    readers = {
        "md": lambda c: c.decode("utf-8"),
        "html": html_text,
        "pdf": pdf_text,
        "xlsx": xlsx_text,
        "docx": docx_text,
    }
    return str(readers[report_format](content))


def flat(text: str) -> str:
    """Whitespace collapsed: wrapped cells and lines compare as one string."""
    return " ".join(text.replace("|", " ").split())


def fact_keys(outcome: AssessmentOutcome) -> set[str]:
    """Every snake_case key the agents stored (at any depth): none may show in a report."""
    keys: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if "_" in str(k):
                    keys.add(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for result in outcome.results:
        walk(result.facts)
    return keys


RAW_FLOAT = re.compile(r"\d+\.\d{7,}")
