"""The ``infra-mind`` command line. Commands parse, call a service, render.

Exit codes: 0 success, 1 the assessment or an operation failed, 2 invalid
input or settings (file, field path and reason printed for every error), 3 the
assessment completed but found no feasible deployment (``assess`` only).
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from infra_mind.domain.errors import InfraMindError, InvalidInput, NotFound
from infra_mind.entrypoints.cli.catalog import catalog_app

# The container, settings, services and renderers are imported by the commands that use them:
# ``infra-mind --help`` and ``example`` start without them (tests/entrypoints/cli/test_startup.py).
if TYPE_CHECKING:
    from infra_mind.container import ApplicationContainer
    from infra_mind.domain.report import ReportFormat, ReportType

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="AI-infrastructure advisory: eleven analyst agents assess your AI workloads.",
)
assessments_app = typer.Typer(no_args_is_help=True, help="Stored assessments.")
app.add_typer(assessments_app, name="assessments")
db_app = typer.Typer(no_args_is_help=True, help="Storage maintenance.")
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")


@dataclass
class CliState:
    """What every command shares; tests pass their own ``container``."""

    container: ApplicationContainer | None = None
    out: Console = field(default_factory=lambda: Console(soft_wrap=True))
    err: Console = field(default_factory=lambda: Console(stderr=True, soft_wrap=True))

    def get_container(self) -> ApplicationContainer:
        from infra_mind.config import ConfigurationError
        from infra_mind.container import build_container

        if self.container is None:
            try:
                self.container = build_container()
            except ConfigurationError as exc:
                self.err.print(f"infra-mind: {exc}", markup=False)
                raise typer.Exit(2) from None
        return self.container


@app.callback()
def _main(ctx: typer.Context) -> None:
    if ctx.obj is None:
        ctx.obj = CliState()


def _state(ctx: typer.Context) -> CliState:
    state: CliState = ctx.obj
    return state


def _invalid(state: CliState, exc: InvalidInput) -> typer.Exit:
    for error in exc.errors:
        state.err.print(f"{exc.source or 'input'}: {error.path}: {error.reason}", markup=False)
    return typer.Exit(2)


def _run[T](state: CliState, body: Callable[[ApplicationContainer], Awaitable[T]]) -> T:
    """Run ``body`` with the container started; domain errors become one line."""
    import anyio

    from infra_mind.config import ConfigurationError
    from infra_mind.container import running_container

    container = state.get_container()

    async def main() -> T:
        async with running_container(container):
            return await body(container)

    try:
        return anyio.run(main)
    except ConfigurationError as exc:  # found on opening a resource (Redis refused the user)
        state.err.print(f"infra-mind: {exc}", markup=False)
        raise typer.Exit(2) from None
    except InvalidInput as exc:
        raise _invalid(state, exc) from None
    except NotFound as exc:
        state.err.print(f"infra-mind: {exc}", markup=False)
        raise typer.Exit(1) from None
    except InfraMindError as exc:
        state.err.print(f"infra-mind: {type(exc).__name__}: {exc}", markup=False)
        raise typer.Exit(1) from None


EXIT_INFEASIBLE = 3
"""``assess`` completed, but no deployment meets the request (the summary says why)."""

FileArg = Annotated[Path, typer.Argument(help="Assessment input, YAML or JSON.")]


@app.command()
def validate(ctx: typer.Context, file: FileArg) -> None:
    """Check an input file; print every problem with its field path."""
    from infra_mind.entrypoints.cli.loading import load_input

    state = _state(ctx)
    try:
        data = load_input(file)
    except InvalidInput as exc:
        raise _invalid(state, exc) from None
    workloads = len(data.technical.ai_workloads)
    state.out.print(f"{file}: valid ({data.display_title}; {workloads} AI workloads)")


@app.command()
def assess(
    ctx: typer.Context,
    file: FileArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full outcome as JSON.")
    ] = False,
    report_dir: Annotated[
        Path | None, typer.Option(help="Write a Markdown report into this directory.")
    ] = None,
) -> None:
    """Run all agents on FILE and print the ranked, costed recommendations."""
    from infra_mind.domain.report import ReportFormat, ReportType
    from infra_mind.domain.workflow import assessment_graph
    from infra_mind.entrypoints.cli.loading import load_input
    from infra_mind.entrypoints.cli.render import ProgressView, summary
    from infra_mind.entrypoints.library import run_in_container

    state = _state(ctx)
    try:
        data = load_input(file)
    except InvalidInput as exc:
        raise _invalid(state, exc) from None

    async def body(container: ApplicationContainer) -> Any:
        from infra_mind.container import resolve

        with ProgressView(state.err, assessment_graph().nodes) as view:
            outcome = await run_in_container(
                container,
                data,
                on_event=view.on_event,
                on_submitted=lambda i: state.err.print(f"assessment {i} accepted"),
                on_overloaded=lambda e: state.err.print(f"{e}; waiting"),
            )
        report = None
        if report_dir is not None:
            reports = await resolve(container.reports.report_service)
            report = await reports.render_outcome(outcome, ReportType.FULL, ReportFormat.MARKDOWN)
        return outcome, report

    outcome, report = _run(state, body)
    if as_json:
        sys.stdout.write(outcome.model_dump_json(indent=2) + "\n")
    else:
        summary(state.out, outcome)
    if report_dir is not None and report is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        target = report_dir / f"{outcome.assessment.id}.md"
        target.write_bytes(report.content)
        state.err.print(f"report written to {target}")
    if outcome.assessment.status.value != "completed":
        state.err.print(
            f"assessment ended {outcome.assessment.status.value}: "
            f"{outcome.assessment.error or ''}".rstrip(": ")
        )
        raise typer.Exit(1)
    if outcome.feasibility.status.value == "infeasible":
        raise typer.Exit(EXIT_INFEASIBLE)


def _example_names() -> list[str]:
    files = resources.files("infra_mind.examples").iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


@app.command()
def example(
    name: Annotated[str | None, typer.Argument(help="Example name; omit to list them.")] = None,
) -> None:
    """Print an example input (YAML), or list the examples."""
    names = _example_names()
    if name is None:
        typer.echo("\n".join(names))
        return
    if name not in names:
        typer.echo(f"infra-mind: no example {name!r}; choose one of: {', '.join(names)}", err=True)
        raise typer.Exit(2)
    typer.echo(
        resources.files("infra_mind.examples").joinpath(f"{name}.yaml").read_text(), nl=False
    )


def _tenant(container: ApplicationContainer) -> str:
    tenant: str = container.settings().default_tenant
    return tenant


@assessments_app.command("list")
def list_assessments(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
) -> None:
    """List stored assessments, newest first."""
    from infra_mind.container import resolve
    from infra_mind.domain.assessment import AssessmentStatus

    state = _state(ctx)

    try:
        wanted = AssessmentStatus(status) if status else None
    except ValueError:
        choices = ", ".join(s.value for s in AssessmentStatus)
        state.err.print(f"infra-mind: --status: must be one of {choices}")
        raise typer.Exit(2) from None

    async def body(container: ApplicationContainer) -> Any:
        service = await resolve(container.services.assessment_service)
        return await service.list(_tenant(container), status=wanted, limit=limit)

    page = _run(state, body)
    for a in page.items:
        state.out.print(
            f"{a.id}  {a.status.value:<9}  {a.created_at:%Y-%m-%d %H:%M}  {a.title}", markup=False
        )
    if not page.items:
        state.err.print("no assessments")


@assessments_app.command("show")
def show_assessment(
    ctx: typer.Context,
    assessment_id: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one assessment's outcome."""
    from infra_mind.container import resolve
    from infra_mind.entrypoints.cli.render import summary

    state = _state(ctx)

    async def body(container: ApplicationContainer) -> Any:
        service = await resolve(container.services.assessment_service)
        return await service.outcome(_tenant(container), assessment_id)

    outcome = _run(state, body)
    if as_json:
        sys.stdout.write(outcome.model_dump_json(indent=2) + "\n")
    else:
        summary(state.out, outcome)


@assessments_app.command("delete")
def delete_assessment(ctx: typer.Context, assessment_id: str) -> None:
    """Delete an assessment with its results and recommendations."""
    from infra_mind.container import resolve

    state = _state(ctx)

    async def body(container: ApplicationContainer) -> None:
        service = await resolve(container.services.assessment_service)
        await service.delete(_tenant(container), assessment_id)

    _run(state, body)
    state.out.print(f"deleted {assessment_id}")


def _choice[E: (ReportType, ReportFormat)](
    state: CliState, option: str, value: str, kind: type[E]
) -> E:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(k.value for k in kind)
        state.err.print(f"infra-mind: {option}: {value!r} is not one of {choices}", markup=False)
        raise typer.Exit(2) from None


@app.command()
def report(
    ctx: typer.Context,
    assessment_id: Annotated[str, typer.Argument(help="A stored assessment's id.")],
    report_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="executive-summary, technical-roadmap, cost-analysis, compliance or full.",
        ),
    ] = "full",
    report_format: Annotated[
        str, typer.Option("--format", help="md, html, pdf, xlsx or docx.")
    ] = "pdf",
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write; default: its name, here."),
    ] = None,
) -> None:
    """Write a report of a stored assessment (rendered here, not queued)."""
    from infra_mind.container import resolve
    from infra_mind.domain.report import ReportFormat, ReportType

    state = _state(ctx)
    kind = _choice(state, "--type", report_type, ReportType)
    fmt = _choice(state, "--format", report_format, ReportFormat)

    async def body(container: ApplicationContainer) -> Any:
        reports = await resolve(container.reports.report_service)
        return await reports.report(_tenant(container), assessment_id, kind, fmt, allow_queue=False)

    rendered = _run(state, body)
    target = output or Path(rendered.filename)
    target.write_bytes(rendered.content)
    state.err.print(f"{kind.value} report ({fmt.value}) written to {target}", markup=False)


@app.command()
def worker(
    queue: Annotated[str, typer.Option(help="assessments or reports")] = "assessments",
) -> None:
    """Run an arq worker (needs INFRA_MIND_QUEUE__BACKEND=arq and Redis) until SIGTERM."""
    from infra_mind.entrypoints.worker import run  # the worker needs arq; other commands do not

    if queue not in ("assessments", "reports"):
        raise typer.BadParameter("queue must be 'assessments' or 'reports'")
    run(queue)  # type: ignore[arg-type]


def _bootstrap_owner(state: CliState) -> None:
    from infra_mind.container import resolve

    async def body(container: ApplicationContainer) -> Any:
        service = await resolve(container.auth.auth_service)
        return await service.bootstrap(_tenant(container))

    issued = _run(state, body)
    if issued is not None:
        state.err.print(
            f"created tenant {issued.key.tenant_id!r} and its owner API key "
            "(shown once; store it now):",
            markup=False,
        )
        state.err.print(issued.secret, markup=False)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="worker processes")] = 1,
) -> None:
    """Run the HTTP API (OpenAPI at /schema) until interrupted.

    On a store with no tenant yet, first creates the default tenant and prints
    a one-time owner key."""
    import uvicorn

    _bootstrap_owner(_state(ctx))

    uvicorn.run(
        "infra_mind.entrypoints.http.app:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,  # no product/version banner for scanners
    )


@db_app.command("migrate")
def migrate_db(ctx: typer.Context) -> None:
    """Create missing tables and indexes and upgrade stored documents (safe to repeat)."""
    from infra_mind.container import resolve

    state = _state(ctx)

    async def body(container: ApplicationContainer) -> Any:
        return await resolve(container.storage.migrate)

    state.out.print(_run(state, body), markup=False)


def _add_access_commands() -> None:
    # Imported here: those commands use this module's helpers.
    from infra_mind.entrypoints.cli.access import api_keys_app, tenants_app

    app.add_typer(tenants_app, name="tenants")
    app.add_typer(api_keys_app, name="api-keys")


_add_access_commands()


def main() -> None:
    """Console-script entry point."""
    from infra_mind.entrypoints.redaction import install_redaction

    install_redaction()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)


__all__ = ["CliState", "app", "main"]
