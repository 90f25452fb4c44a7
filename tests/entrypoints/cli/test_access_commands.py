"""``infra-mind tenants`` / ``api-keys`` and the first ``serve`` on an empty data directory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from infra_mind.domain.tenancy import parse_key
from tests.entrypoints.cli.conftest import Cli
from tests.redis_server import free_port

KEY = re.compile(r"imk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}")
CLI = str(Path(sys.executable).parent / "infra-mind")


@pytest.fixture
def sqlite_cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", backend="sqlite")


def test_secret_only_prints_just_a_usable_key(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "create", "acme")
    result = sqlite_cli(
        "api-keys", "create", "--tenant", "acme", "--role", "viewer", "--secret-only"
    )
    assert parse_key(result.stdout.strip()) is not None


def test_a_key_for_an_unknown_tenant_is_refused(sqlite_cli: Cli) -> None:
    result = sqlite_cli("api-keys", "create", "--tenant", "nobody", "--role", "viewer")
    assert (result.exit_code, result.stderr) == (1, "infra-mind: tenant 'nobody' not found\n")


def test_an_invalid_tenant_id_exits_2_naming_it(sqlite_cli: Cli) -> None:
    result = sqlite_cli("tenants", "create", "Not Valid")
    assert result.exit_code == 2
    assert result.stderr.startswith("infra-mind: TENANT_ID:")


def test_create_tenant_twice_with_exist_ok_succeeds(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "create", "acme")
    again = sqlite_cli("tenants", "create", "acme", "--exist-ok")
    refused = sqlite_cli("tenants", "create", "acme")
    assert (again.exit_code, refused.exit_code) == (0, 1)


def test_a_revoked_key_is_listed_as_revoked(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "create", "acme")
    secret = sqlite_cli(
        "api-keys", "create", "--tenant", "acme", "--role", "admin", "--secret-only"
    ).stdout.strip()
    key_id = parse_key(secret)
    assert key_id is not None
    sqlite_cli("api-keys", "revoke", key_id, "--tenant", "acme")
    listed = sqlite_cli("api-keys", "list", "--tenant", "acme").stdout
    assert f"{key_id}  admin    revoked" in listed
    assert secret not in listed


def test_expires_accepts_a_duration_and_rejects_nonsense(sqlite_cli: Cli) -> None:
    sqlite_cli("tenants", "create", "acme")
    ok = sqlite_cli("api-keys", "create", "--tenant", "acme", "--role", "viewer", "--expires", "2d")
    bad = sqlite_cli(
        "api-keys", "create", "--tenant", "acme", "--role", "viewer", "--expires", "soon"
    )
    assert (ok.exit_code, bad.exit_code) == (0, 2)


@contextmanager
def serving(data_dir: Path, log: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFRA_MIND_")}
    env["INFRA_MIND_DATA_DIR"] = str(data_dir)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [CLI, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/health/live", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=15)


@pytest.mark.slow
def test_first_serve_prints_a_one_time_owner_key_that_works(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serving(data, tmp_path / "first.log") as url:
        found = KEY.findall((tmp_path / "first.log").read_text())
        assert len(found) == 1
        authed = httpx.get(f"{url}/api/v1/auth/me", headers={"Authorization": f"Bearer {found[0]}"})
        anonymous = httpx.get(f"{url}/api/v1/assessments")
    with serving(data, tmp_path / "second.log"):
        again = KEY.findall((tmp_path / "second.log").read_text())
    assert (authed.json()["role"], authed.json()["tenant_id"]) == ("owner", "default")
    assert (anonymous.status_code, again) == (401, [])
    assert "server" not in {k.lower() for k in authed.headers}
