"""Full reports of every example written by the CLI once per session (PDF layout is slow),
for the tests that open them with independent readers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra_mind.container import build_container
from infra_mind.entrypoints.cli.main import CliState, app
from tests.factories import EXAMPLES
from tests.reports_world import ReportWorld

FORMATS = ("md", "html", "pdf", "xlsx", "docx")


def cli_report(world: ReportWorld, *args: str) -> tuple[int, str]:
    state = CliState(container=build_container(world.settings))
    result = CliRunner().invoke(app, ["report", *args], obj=state, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="session")
def cli_full_reports(
    report_world: ReportWorld, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], bytes]:
    """(example, format) → the file ``infra-mind report ID --type full --format F -o FILE``
    wrote."""
    out = tmp_path_factory.mktemp("cli-reports")
    files = {}
    for name in EXAMPLES:
        assessment_id = report_world.outcomes[name].assessment.id
        for fmt in FORMATS:
            target = out / f"{name}.{fmt}"
            code, output = cli_report(
                report_world, assessment_id, "--type", "full", "--format", fmt, "-o", str(target)
            )
            assert code == 0, output
            files[(name, fmt)] = Path(target).read_bytes()
    return files
