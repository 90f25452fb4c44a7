"""Rate limits and tenant quotas through the API: 429 problem+json with Retry-After, and the
quota's name, limit, use and reset in the body."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest
from litestar.testing import AsyncTestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container, resolve
from infra_mind.domain.access import Role
from infra_mind.domain.quotas import TenantQuotas, month_period
from tests.entrypoints.http.helpers import API, bearer, key_for
from tests.factories import example_document

pytestmark = pytest.mark.anyio


@pytest.fixture
def container(backend: str, tmp_path: Path) -> ApplicationContainer:
    settings = load_settings(
        storage={"backend": backend},
        data_dir=tmp_path,
        limits={"per_principal": 3, "per_tenant": 5, "window_s": 60},
    )
    return build_container(settings)


async def set_quotas(client: AsyncTestClient[Any], quotas: TenantQuotas) -> None:
    container: ApplicationContainer = client.app.state.container

    async def store() -> None:
        service = await resolve(container.services.quota_service)
        await service.set_quotas(container.settings().default_tenant, quotas)

    await anyio.to_thread.run_sync(client.blocking_portal.call, store)


async def test_a_request_over_the_principal_limit_is_429_problem_with_retry_after(
    client: AsyncTestClient[Any],
) -> None:
    for _ in range(3):
        assert (await client.get(f"{API}/assessments")).status_code == 200

    r = await client.get(f"{API}/assessments")

    body = r.json()
    assert (r.status_code, r.headers["content-type"], body["type"], body["status"]) == (
        429,
        "application/problem+json",
        "https://infra-mind.dev/problems/rate-limited",
        429,
    )
    assert 0 < int(r.headers["retry-after"]) <= 60


async def test_the_tenant_limit_covers_all_its_principals(client: AsyncTestClient[Any]) -> None:
    for _ in range(3):
        await client.get(f"{API}/assessments")
    other = bearer(await key_for(client, Role.VIEWER))
    codes = [(await client.get(f"{API}/assessments", headers=other)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


async def test_another_tenant_is_not_limited_by_this_one(client: AsyncTestClient[Any]) -> None:
    for _ in range(6):
        await client.get(f"{API}/assessments")
    theirs = bearer(await key_for(client, Role.VIEWER, tenant="globex"))
    assert (await client.get(f"{API}/assessments", headers=theirs)).status_code == 200


async def test_health_is_never_rate_limited(anonymous: AsyncTestClient[Any]) -> None:
    codes = {(await anonymous.get("/health/live")).status_code for _ in range(8)}
    assert codes == {200}


async def test_a_post_over_the_monthly_quota_is_429_naming_the_quota(
    client: AsyncTestClient[Any],
) -> None:
    await set_quotas(client, TenantQuotas(assessments_per_month=1))
    accepted = await client.post(f"{API}/assessments?draft=true", json=example_document())
    assert accepted.status_code == 202, accepted.text

    r = await client.post(f"{API}/assessments?draft=true", json=example_document())

    resets_at = month_period(datetime.now().astimezone()).end
    body = r.json()
    assert (r.status_code, r.headers["content-type"], body["type"], body["quota"]) == (
        429,
        "application/problem+json",
        "https://infra-mind.dev/problems/quota-exceeded",
        {
            "quota": "assessments_per_month",
            "limit": 1,
            "used": 1,
            "resets_at": resets_at.isoformat().replace("+00:00", "Z"),
        },
    )
    assert int(r.headers["retry-after"]) > 0


async def test_a_post_over_the_concurrency_quota_is_429_without_a_reset(
    client: AsyncTestClient[Any],
) -> None:
    await set_quotas(client, TenantQuotas(concurrent_assessments=0))

    r = await client.post(f"{API}/assessments", json=example_document())

    assert (r.status_code, r.json()["quota"]["resets_at"], "retry-after" in r.headers) == (
        429,
        None,
        False,
    )


async def test_other_problems_carry_no_quota_member(client: AsyncTestClient[Any]) -> None:
    r = await client.get(f"{API}/assessments/nope")
    assert (r.status_code, "quota" in r.json()) == (404, False)
