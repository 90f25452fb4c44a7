"""``infra-mind report``: every example's full report in all five formats, opened with an
independent reader, shows the stored figures; and the checks a reader of them would make."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra_mind.services.reports.cells import money_text
from tests.entrypoints.reports.conftest import FORMATS, cli_report
from tests.factories import EXAMPLES
from tests.reports_world import (
    ARTEFACTS,
    RAW_FLOAT,
    ReportWorld,
    fact_keys,
    first_page_png,
    flat,
    pdf_pages,
    text_of,
    xlsx_book,
)

CASES = [(name, fmt) for name in EXAMPLES for fmt in FORMATS]
MAX_LINE = 400


@pytest.mark.slow
@pytest.mark.parametrize(("example", "fmt"), CASES)
def test_full_report_shows_the_stored_key_figures(
    report_world: ReportWorld,
    cli_full_reports: dict[tuple[str, str], bytes],
    example: str,
    fmt: str,
) -> None:
    outcome = report_world.outcomes[example]
    text = flat(text_of(fmt, cli_full_reports[(example, fmt)]))
    expected = [
        money_text(outcome.total_monthly_cost_usd),
        outcome.recommendations[0].recommendation.title,
        *(f.value for f in outcome.assessment.input.business.compliance),
    ]
    assert [e for e in expected if e not in text] == []


@pytest.mark.slow
@pytest.mark.parametrize(("example", "fmt"), CASES)
def test_no_line_is_longer_than_400_characters(
    cli_full_reports: dict[tuple[str, str], bytes], example: str, fmt: str
) -> None:
    lines = text_of(fmt, cli_full_reports[(example, fmt)]).splitlines()
    assert [line[:80] for line in lines if len(line) > MAX_LINE] == []


@pytest.mark.slow
@pytest.mark.parametrize(("example", "fmt"), CASES)
def test_no_raw_fact_key_or_float_dump_in_the_text(
    report_world: ReportWorld,
    cli_full_reports: dict[tuple[str, str], bytes],
    example: str,
    fmt: str,
) -> None:
    text = text_of(fmt, cli_full_reports[(example, fmt)])
    words = set(text.replace("|", " ").split())
    keys = fact_keys(report_world.outcomes[example])
    assert (sorted(keys & words), RAW_FLOAT.findall(text)) == ([], [])


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_excel_money_columns_hold_cents(
    cli_full_reports: dict[tuple[str, str], bytes], example: str
) -> None:
    book = xlsx_book(cli_full_reports[(example, "xlsx")])
    money_headers = {"Monthly cost", "Monthly", "vs recommended", "p10", "p50", "p90", "vs base"}
    bad = []
    for sheet in book.worksheets:
        columns: dict[int, str] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in money_headers:
                    columns[cell.column] = str(cell.value)
                elif (
                    cell.column in columns
                    and isinstance(cell.value, float)
                    and round(cell.value, 2) != cell.value
                ):
                    bad.append((sheet.title, cell.coordinate, cell.value))
    assert bad == []


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_excel_has_a_sheet_per_part(
    cli_full_reports: dict[tuple[str, str], bytes], example: str
) -> None:
    book = xlsx_book(cli_full_reports[(example, "xlsx")])
    expected = [
        "Summary",
        "Recommendations",
        "Costs",
        "Projections",
        "Compliance",
        "Implementation plan",
        "Findings",
    ]
    assert book.sheetnames == expected


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_excel_total_row_is_the_stored_total_in_cents(
    report_world: ReportWorld, cli_full_reports: dict[tuple[str, str], bytes], example: str
) -> None:
    sheet = xlsx_book(cli_full_reports[(example, "xlsx")])["Recommendations"]
    totals = [row for row in sheet.iter_rows(values_only=True) if "Total" in row]
    stored = round(report_world.outcomes[example].total_monthly_cost_usd, 2)
    assert [r[3] for r in totals] == [stored]


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_first_pdf_page_is_kept_as_a_png(
    cli_full_reports: dict[tuple[str, str], bytes], example: str
) -> None:
    png = first_page_png(cli_full_reports[(example, "pdf")], ARTEFACTS / f"{example}-full.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_type_exits_2_naming_the_choices(report_world: ReportWorld) -> None:
    code, output = cli_report(report_world, "any-id", "--type", "annual")
    assert (code, "executive-summary" in output) == (2, True)


def test_unknown_assessment_exits_1(report_world: ReportWorld) -> None:
    code, output = cli_report(report_world, "no-such-id", "--format", "md")
    assert (code, "not found" in output) == (1, True)


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_executive_summary_fits_on_one_page(
    report_world: ReportWorld, tmp_path: Path, example: str
) -> None:
    target = tmp_path / "summary.pdf"
    assessment_id = report_world.outcomes[example].assessment.id
    code, output = cli_report(
        report_world, assessment_id, "--type", "executive-summary", "-o", str(target)
    )
    assert (code, pdf_pages(target.read_bytes())) == (0, 1), output
