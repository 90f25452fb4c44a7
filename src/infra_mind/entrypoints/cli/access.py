"""``infra-mind tenants …`` and ``infra-mind api-keys …``: the local operator's commands.

They act on the store the settings name, as the operator of that store (the
audit log records ``local:operator``). ``api-keys create --secret-only`` prints
nothing but the secret, for scripts and tests.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infra_mind.domain.errors import AlreadyExists

if TYPE_CHECKING:  # the container is imported when a command runs (fast start-up)
    from infra_mind.container import ApplicationContainer


class RoleName(StrEnum):
    """The roles of ``domain.access.Role``, without importing the model at start-up."""

    OWNER = "owner"
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"


tenants_app = typer.Typer(no_args_is_help=True, help="Tenants (organisations) of this deployment.")
api_keys_app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke.")

_DURATION = re.compile(r"^(\d+)([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _run[T](ctx: typer.Context, body: Callable[[ApplicationContainer], Awaitable[T]]) -> T:
    from infra_mind.entrypoints.cli.main import _run as run
    from infra_mind.entrypoints.cli.main import _state

    return run(_state(ctx), body)


async def resolve(provider: Any) -> Any:
    from infra_mind.container import resolve as resolve_provider

    return await resolve_provider(provider)


def parse_expiry(value: str | None, now: datetime) -> datetime | None:
    """``30d``, ``12h``, ``90m`` from now, or an ISO 8601 instant; None for no expiry."""
    if value is None:
        return None
    match = _DURATION.match(value.strip())
    if match:
        return now + timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        reason = "use 30d, 12h, 90m or an ISO 8601 time"
        raise typer.BadParameter(reason, param_hint="--expires") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@tenants_app.command("create")
def create_tenant(
    ctx: typer.Context,
    tenant_id: Annotated[str, typer.Argument(help="Lower-case id: letters, digits, dashes.")],
    name: Annotated[str, typer.Option(help="Display name (defaults to the id).")] = "",
    exist_ok: Annotated[
        bool, typer.Option("--exist-ok", help="Succeed when it already exists.")
    ] = False,
) -> None:
    """Create a tenant."""

    async def body(container: ApplicationContainer) -> str:
        service = await resolve(container.auth.auth_service)
        try:
            await service.create_tenant(tenant_id, name)
        except AlreadyExists:
            if not exist_ok:
                raise
            return f"tenant {tenant_id} exists"
        return f"tenant {tenant_id} created"

    try:
        message = _run(ctx, body)
    except ValueError as exc:  # pydantic: an id that is not a valid tenant id
        typer.echo(f"infra-mind: TENANT_ID: {_first_reason(exc)}", err=True)
        raise typer.Exit(2) from None
    typer.echo(message)


@tenants_app.command("list")
def list_tenants(ctx: typer.Context) -> None:
    """List tenants."""

    async def body(container: ApplicationContainer) -> Any:
        return await (await resolve(container.storage.tenants)).list()

    for tenant in _run(ctx, body):
        typer.echo(f"{tenant.id}  {tenant.created_at:%Y-%m-%d}  {tenant.name}")


QUOTA_OPTION = "a whole number ≥ 0, or 'default' for the deployment's default"


def parse_quota(value: str | None, option: str) -> int | str | None:
    """An option's new limit: a number, None for 'default', or "keep" when not given."""
    if value is None:
        return "keep"
    if value.strip().lower() == "default":
        return None
    if not value.strip().isdigit():
        raise typer.BadParameter(f"use {QUOTA_OPTION}", param_hint=option)
    return int(value)


@tenants_app.command("quotas")
def tenant_quotas(
    ctx: typer.Context,
    tenant_id: Annotated[str, typer.Argument(help="The tenant.")],
    assessments_per_month: Annotated[
        str | None, typer.Option(help=f"Assessments created per month: {QUOTA_OPTION}.")
    ] = None,
    concurrent_assessments: Annotated[
        str | None, typer.Option(help=f"Queued or running at once: {QUOTA_OPTION}.")
    ] = None,
    llm_spend_cents_per_month: Annotated[
        str | None, typer.Option(help=f"LLM spend per month in US cents: {QUOTA_OPTION}.")
    ] = None,
) -> None:
    """Show a tenant's quotas; with options, change them (recorded in the audit log)."""
    given = {
        "assessments_per_month": parse_quota(assessments_per_month, "--assessments-per-month"),
        "concurrent_assessments": parse_quota(concurrent_assessments, "--concurrent-assessments"),
        "llm_spend_cents_per_month": parse_quota(
            llm_spend_cents_per_month, "--llm-spend-cents-per-month"
        ),
    }
    changes = {name: value for name, value in given.items() if value != "keep"}

    async def body(container: ApplicationContainer) -> tuple[Any, Any]:
        service = await resolve(container.services.quota_service)
        own = (await (await resolve(container.storage.tenants)).get(tenant_id)).quotas
        if changes:
            own = own.model_copy(update=changes)
            await service.set_quotas(tenant_id, own)
        return own, await service.limits(tenant_id)

    own, limits = _run(ctx, body)
    for name in given:
        source = "default" if getattr(own, name) is None else "tenant"
        typer.echo(f"{name}  {getattr(limits, name)}  ({source})")


@api_keys_app.command("create")
def create_key(
    ctx: typer.Context,
    tenant: Annotated[str, typer.Option(help="The tenant the key belongs to.")],
    role: Annotated[RoleName, typer.Option(help="owner, admin, analyst or viewer.")],
    name: Annotated[str, typer.Option(help="What the key is for.")] = "",
    expires: Annotated[
        str | None, typer.Option(help="30d, 12h, 90m or an ISO 8601 time; default never.")
    ] = None,
    secret_only: Annotated[
        bool, typer.Option("--secret-only", help="Print only the secret (for scripts).")
    ] = False,
) -> None:
    """Create an API key; its secret is printed once and never stored."""
    expires_at = parse_expiry(expires, datetime.now(UTC))

    async def body(container: ApplicationContainer) -> Any:
        from infra_mind.domain.access import Role

        service = await resolve(container.auth.auth_service)
        return await service.create_key(tenant, Role(role), name=name, expires_at=expires_at)

    issued = _run(ctx, body)
    if secret_only:
        typer.echo(issued.secret)
        return
    typer.echo(f"key {issued.key.id} ({issued.key.role.value}) for tenant {tenant}")
    typer.echo("secret (shown once, store it now):", err=True)
    typer.echo(issued.secret)


@api_keys_app.command("list")
def list_keys(ctx: typer.Context, tenant: Annotated[str, typer.Option(help="The tenant.")]) -> None:
    """List a tenant's keys (never their secrets)."""

    async def body(container: ApplicationContainer) -> Any:
        return await (await resolve(container.storage.api_keys)).list(tenant)

    for key in _run(ctx, body):
        state = "revoked" if key.revoked_at else "active"
        expiry = f"expires {key.expires_at:%Y-%m-%d %H:%M}" if key.expires_at else "no expiry"
        typer.echo(f"{key.id}  {key.role.value:<7}  {state:<7}  {expiry}  {key.name}")


@api_keys_app.command("revoke")
def revoke_key(
    ctx: typer.Context,
    key_id: str,
    tenant: Annotated[str, typer.Option(help="The tenant the key belongs to.")],
) -> None:
    """Revoke a key: it, and every token exchanged for it, stop working at once."""

    async def body(container: ApplicationContainer) -> Any:
        service = await resolve(container.auth.auth_service)
        return await service.revoke_key(tenant, key_id)

    _run(ctx, body)
    typer.echo(f"revoked {key_id}")


def _first_reason(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return str(errors()[0]["msg"])
    return str(exc)
