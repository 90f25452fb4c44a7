"""``infra-mind tenants quotas``: show and change a tenant's quotas (audited)."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from infra_mind.container import build_container, resolve, running_container
from infra_mind.domain.tenancy import AuditAction, AuditEntry
from tests.entrypoints.cli.conftest import Cli


@pytest.fixture
def sqlite_cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path / "data", backend="sqlite")
    cli("tenants", "create", "acme")
    return cli


def audit_of(cli: Cli, tenant: str) -> list[AuditEntry]:
    async def read() -> list[AuditEntry]:
        async with running_container(build_container(cli.settings)) as container:
            log = await resolve(container.storage.audit_log)
            entries: list[AuditEntry] = await log.list(tenant)
            return entries

    return anyio.run(read)


def test_a_tenant_without_own_quotas_shows_the_defaults(sqlite_cli: Cli) -> None:
    shown = sqlite_cli("tenants", "quotas", "acme")
    assert (shown.exit_code, shown.stdout) == (
        0,
        "assessments_per_month  10000  (default)\n"
        "concurrent_assessments  200  (default)\n"
        "llm_spend_cents_per_month  50000  (default)\n",
    )


def test_a_changed_quota_is_kept_and_the_others_stay(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "quotas", "acme", "--assessments-per-month", "25")
    sqlite_cli("tenants", "quotas", "acme", "--llm-spend-cents-per-month", "900")
    shown = sqlite_cli("tenants", "quotas", "acme")
    assert shown.stdout == (
        "assessments_per_month  25  (tenant)\n"
        "concurrent_assessments  200  (default)\n"
        "llm_spend_cents_per_month  900  (tenant)\n"
    )


def test_default_returns_a_quota_to_the_deployments_default(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "quotas", "acme", "--concurrent-assessments", "3")
    shown = sqlite_cli("tenants", "quotas", "acme", "--concurrent-assessments", "default")
    assert "concurrent_assessments  200  (default)\n" in shown.stdout


def test_a_quota_change_is_in_the_audit_log(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "quotas", "acme", "--assessments-per-month", "25")
    latest = audit_of(sqlite_cli, "acme")[0]
    assert (latest.action, latest.actor, latest.detail["assessments_per_month"]) == (
        AuditAction.QUOTAS_CHANGED,
        "local:operator",
        "25",
    )


def test_showing_quotas_writes_no_audit_entry(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "quotas", "acme")
    actions = [e.action for e in audit_of(sqlite_cli, "acme")]
    assert AuditAction.QUOTAS_CHANGED not in actions


def test_a_quota_that_is_not_a_number_exits_2_naming_the_option(sqlite_cli: Cli) -> None:
    result = sqlite_cli("tenants", "quotas", "acme", "--assessments-per-month", "-5")
    assert (result.exit_code, "--assessments-per-month" in result.stderr) == (2, True)


def test_quotas_of_an_unknown_tenant_exit_1(sqlite_cli: Cli) -> None:
    result = sqlite_cli("tenants", "quotas", "nobody")
    assert (result.exit_code, result.stderr) == (1, "infra-mind: tenant 'nobody' not found\n")
