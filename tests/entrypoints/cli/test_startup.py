"""``infra-mind --help`` starts within 3× the time Python takes to import Litestar: the commands
import the container, settings and services only when they run."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

MAX_RATIO = 3.0
RUNS = 3
CLI = str(Path(sys.executable).parent / "infra-mind")


def cpu_s(command: list[str]) -> float:
    """User + system CPU of one run of ``command`` (CPU, so machine load does not count)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.slow
def test_help_costs_at_most_three_times_importing_litestar() -> None:
    cli, litestar = [], []
    for _ in range(RUNS):  # interleaved, so both see the same machine
        cli.append(cpu_s([CLI, "--help"]))
        litestar.append(cpu_s([sys.executable, "-c", "import litestar"]))

    ratio = statistics.median(cli) / statistics.median(litestar)

    assert ratio <= MAX_RATIO, f"--help {statistics.median(cli):.2f} s CPU = {ratio:.1f}× litestar"


def test_help_does_not_import_the_container() -> None:
    probe = (
        "import sys; from infra_mind.entrypoints.cli.main import app; "
        "print(sorted(m for m in sys.modules if m.startswith(('infra_mind.container', "
        "'infra_mind.config', 'infra_mind.services', 'httpx', 'dependency_injector'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)

    assert out.stdout.strip() == "[]"
