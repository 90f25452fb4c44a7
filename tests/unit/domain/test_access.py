"""The roles and the permission table: who may do what, and who may grant which role."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from infra_mind.domain.access import PERMISSIONS, Permission, Principal, Role
from infra_mind.domain.errors import Forbidden
from infra_mind.domain.tenancy import format_key, parse_key


def principal(role: Role) -> Principal:
    return Principal(tenant_id="acme", role=role, subject="key:k", token_id="k", key_id="k")


def test_a_viewer_may_only_read_assessments_and_its_tenants_usage() -> None:
    assert {Permission.READ, Permission.USAGE} == PERMISSIONS[Role.VIEWER]


def test_an_owner_holds_every_permission() -> None:
    assert set(Permission) == PERMISSIONS[Role.OWNER]


def test_each_role_holds_what_the_role_below_holds() -> None:
    ladder = [Role.VIEWER, Role.ANALYST, Role.ADMIN, Role.OWNER]
    assert all(PERMISSIONS[lo] <= PERMISSIONS[hi] for lo, hi in itertools.pairwise(ladder))


def test_an_analyst_may_not_delete() -> None:
    with pytest.raises(Forbidden):
        principal(Role.ANALYST).require(Permission.DELETE)


def test_an_admin_may_not_grant_owner() -> None:
    with pytest.raises(Forbidden):
        principal(Role.ADMIN).require_grant(Role.OWNER)


def test_an_admin_may_grant_admin() -> None:
    assert principal(Role.ADMIN).require_grant(Role.ADMIN) is None


def test_a_key_string_names_its_key_id() -> None:
    secret = "A" * 43
    assert parse_key(format_key("0123456789abcdef", secret)) == "0123456789abcdef"


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "imk_",
        "imk_0123456789abcdef_short",
        "Bearer imk_x",
        "eyJhbGciOi.x.y",
        "imk_ZZ_" + "A" * 43,
    ],
)
def test_anything_else_is_not_a_key(presented: str) -> None:
    assert parse_key(presented) is None


def test_the_documented_roles_table_is_the_code_table() -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "security.md").read_text()
    documented: dict[Role, set[Permission]] = {role: set() for role in Role}
    columns = [Role.OWNER, Role.ADMIN, Role.ANALYST, Role.VIEWER]
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = cells[0].split("`")[1] if cells[0].startswith("`") else ""
        if name in {p.value for p in Permission} and len(cells) == 5:
            for role, mark in zip(columns, cells[1:], strict=True):
                if mark == "✓":
                    documented[role].add(Permission(name))
    assert {r: set(p) for r, p in PERMISSIONS.items()} == documented
