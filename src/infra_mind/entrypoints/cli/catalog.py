"""``infra-mind catalog``: refresh list prices from the providers; show, diff and age catalogs.

Exit codes: 0 success, 1 a price source or the catalog store failed (the catalog in use is
kept), 2 bad arguments or settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from infra_mind.domain.knowledge.models import PROVIDERS, Provider
from infra_mind.ports.catalog import CatalogError

# The container and services are imported by the commands that run (infra-mind --help stays
# light: tests/entrypoints/cli/test_startup.py).
if TYPE_CHECKING:
    from infra_mind.container import ApplicationContainer
    from infra_mind.entrypoints.cli.main import CliState
    from infra_mind.services.catalog import CatalogService, RefreshResult

catalog_app = typer.Typer(
    no_args_is_help=True, help="The price catalog: refresh it, show it, compare two, its age."
)

SHIPPED = "shipped"
CatalogArg = Annotated[
    str | None,
    typer.Option(
        "--dir",
        help="Catalog directory (or root written by refresh); 'shipped' for the built-in one."
        " Default: INFRA_MIND_CATALOG__DIR, else shipped.",
    ),
]


def _state(ctx: typer.Context) -> CliState:
    return cast("CliState", ctx.obj)


def _service(container: ApplicationContainer) -> CatalogService:
    return cast("CatalogService", container.catalog.service())


def _path(container: ApplicationContainer, given: str | None) -> Path | None:
    if given == SHIPPED:
        return None
    return Path(given) if given else container.settings().catalog.dir


def _guarded[T](state: CliState, call: Callable[[], T]) -> T:
    """Run ``call``; a source or store failure is one line on stderr and exit code 1."""
    try:
        return call()
    except (CatalogError, ValueError) as exc:
        state.err.print(f"infra-mind: {exc}", markup=False)
        raise typer.Exit(1) from None


@catalog_app.command()
def refresh(
    ctx: typer.Context,
    provider: Annotated[
        list[str] | None, typer.Option(help="aws, azure or gcp (repeat; default all three).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Catalog root to write into. Default: INFRA_MIND_CATALOG__DIR."),
    ] = None,
    base: Annotated[
        str | None, typer.Option("--from", help="Catalog to update (default: shipped).")
    ] = None,
) -> None:
    """Fetch current list prices and write a dated catalog under OUT, made current."""
    state = _state(ctx)
    chosen = provider or list(PROVIDERS)
    unknown = [p for p in chosen if p not in PROVIDERS]
    if unknown:
        state.err.print(f"--provider: must be one of {', '.join(PROVIDERS)}, got {unknown}")
        raise typer.Exit(2)
    container = state.get_container()
    root = out or container.settings().catalog.dir
    if root is None:
        state.err.print("--out: give a directory or set INFRA_MIND_CATALOG__DIR")
        raise typer.Exit(2)
    service = _service(container)
    base_path = _path(container, base or SHIPPED)

    catalog: Any = container.catalog

    async def run() -> RefreshResult:
        from infra_mind.container import resolve

        sources = await resolve(catalog.sources)  # opens the HTTP client resource
        try:
            return await service.refresh(
                sources, cast(list[Provider], chosen), root, datetime.now(UTC), base_path
            )
        finally:
            await _maybe(catalog.http.shutdown())

    import anyio

    result = _guarded(state, lambda: anyio.run(run))
    for s in result.summaries:
        state.out.print(
            f"{s.provider}: {len(s.updated)} instance types updated;"
            f" {len(s.not_found)} not found (previous price kept: {', '.join(s.not_found) or '-'});"
            f" {s.unknown_skus} unknown SKUs skipped; {s.non_usd} non-USD prices refused",
            markup=False,
        )
    state.out.print(f"wrote {result.path}; use it with INFRA_MIND_CATALOG__DIR={root}")


async def _maybe(value: Any) -> None:
    if hasattr(value, "__await__"):
        await value


@catalog_app.command()
def show(
    ctx: typer.Context,
    directory: CatalogArg = None,
    provider: Annotated[str | None, typer.Option(help="Only this provider.")] = None,
) -> None:
    """List the instance types with their price, published regions, as-of date and source."""
    from rich.table import Table

    state = _state(ctx)
    container = state.get_container()
    kb = _guarded(state, lambda: _service(container).load(_path(container, directory)))
    table = Table(title="instance prices (USD/hour, on demand)")
    for column in ("instance", "provider", "price", "region", "published in", "as of", "source"):
        table.add_column(column)
    for i in kb.instances:
        if provider and i.provider != provider:
            continue
        table.add_row(
            i.id,
            i.provider,
            f"{i.on_demand_usd_per_hour:g}",
            i.reference_region,
            str(1 + len(i.region_prices)),
            i.as_of.isoformat(),
            str(i.source),
        )
    state.out.print(table)


@catalog_app.command()
def diff(ctx: typer.Context, before: str, after: str) -> None:
    """Price changes from catalog BEFORE to AFTER (directories, or 'shipped')."""
    state = _state(ctx)
    container = state.get_container()
    service = _service(container)
    changes = _guarded(
        state, lambda: service.diff(_path(container, before), _path(container, after))
    )
    for c in changes:
        old = "-" if c.before is None else f"{c.before:g}"
        new = "-" if c.after is None else f"{c.after:g}"
        state.out.print(f"{c.instance_id} {c.region}: {old} → {new}", markup=False)
    state.out.print(f"{len(changes)} prices differ")


@catalog_app.command()
def age(ctx: typer.Context, directory: CatalogArg = None) -> None:
    """How old the catalog's prices are; warns past INFRA_MIND_CATALOG__MAX_AGE_DAYS."""
    state = _state(ctx)
    container = state.get_container()
    today = datetime.now(UTC).date()
    result = _guarded(state, lambda: _service(container).age(_path(container, directory), today))
    state.out.print(
        f"prices as of {result.as_of.isoformat()}: {result.age_days} days old"
        f" (limit {result.max_age_days})",
        markup=False,
    )
    if result.warning:
        state.out.print(f"warning: {result.warning}", style="yellow", markup=False)
