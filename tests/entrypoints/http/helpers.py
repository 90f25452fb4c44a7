"""Helpers for the HTTP tests: credentials, wait for a run to rest, store a recommendation bundle.

Every API route needs a credential. ``authenticate(client)`` mints an owner key
for the settings' default tenant and sends it on every later request of that
client; ``mint_key`` gives a key for any tenant and role (``bearer(secret)``
makes the header for one request). Subprocess tests and benchmarks mint one
with ``infra-mind api-keys create --tenant T --role R --secret-only``.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from litestar.testing import AsyncTestClient

from infra_mind.config import Settings, load_settings
from infra_mind.container import ApplicationContainer, resolve
from infra_mind.domain.access import Role
from infra_mind.domain.enums import CloudProvider, Framework
from infra_mind.domain.errors import AlreadyExists
from infra_mind.domain.recommendation import (
    ComplianceAssessment,
    ComplianceVerdict,
    ControlGap,
    CostEstimate,
    ImplementationPlan,
    LineItem,
    Phase,
    Recommendation,
    RecommendationBundle,
    Scores,
    Severity,
)

API = "/api/v1"
RESTING = {"draft", "paused", "completed", "failed", "cancelled"}


async def mint_key(
    container: ApplicationContainer, role: Role = Role.OWNER, tenant: str | None = None
) -> str:
    """A new API key secret for ``tenant`` (the default tenant when None), created if
    needed. The container's resources must be running (inside the client's context)."""
    tenant = tenant or container.settings().default_tenant
    service = await resolve(container.auth.auth_service)
    with contextlib.suppress(AlreadyExists):
        await service.create_tenant(tenant)
    issued = await service.create_key(tenant, role, name="test")
    secret: str = issued.secret
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def key_for(
    client: AsyncTestClient[Any], role: Role = Role.OWNER, tenant: str | None = None
) -> str:
    """``mint_key`` for the app behind ``client``. The app runs on the client's own
    event loop (a portal thread), where its clients (MongoDB's, Redis') live, so
    the key is minted there."""
    portal = client.blocking_portal
    container = client.app.state.container
    secret: str = await anyio.to_thread.run_sync(portal.call, mint_key, container, role, tenant)
    return secret


async def authenticate(
    client: AsyncTestClient[Any], role: Role = Role.OWNER, tenant: str | None = None
) -> str:
    """Mint a key for the app's container and send it on every later request of ``client``."""
    secret = await key_for(client, role, tenant)
    client.headers.update(bearer(secret))
    return secret


def authenticate_sync(client: Any, role: Role = Role.OWNER, tenant: str | None = None) -> str:
    """``authenticate`` for the blocking ``TestClient`` (inside its ``with`` block)."""
    secret: str = client.blocking_portal.call(mint_key, client.app.state.container, role, tenant)
    client.headers.update(bearer(secret))
    return secret


async def wait_rest(client: AsyncTestClient, assessment_id: str) -> dict[str, Any]:
    with anyio.fail_after(20):
        while True:
            r = await client.get(f"{API}/assessments/{assessment_id}/status")
            body: dict[str, Any] = r.json()
            if body["status"] in RESTING:
                return body
            await anyio.sleep(0.02)


def bundle(tenant: str, assessment_id: str, rank: int, monthly_gpu_hours: float) -> Any:
    """One recommendation priced from a line item (p5 hours at a fixed unit price)."""
    rid = f"{assessment_id}-r{rank}"
    now = datetime.now(UTC)
    ids = {"cost_estimate_id": f"{rid}-c", "compliance_assessment_id": f"{rid}-k"}
    return RecommendationBundle(
        recommendation=Recommendation(
            id=rid,
            tenant_id=tenant,
            assessment_id=assessment_id,
            rank=rank,
            title=f"Option {rank}",
            category="compute",
            summary="s",
            rationale="r",
            provider=CloudProvider.AWS,
            scores=Scores(impact=0.5, cost=0.5, risk=0.5, urgency=0.5, total=0.5),
            implementation_plan_id=f"{rid}-p",
            created_at=now,
            **ids,
        ),
        cost=CostEstimate(
            id=ids["cost_estimate_id"],
            tenant_id=tenant,
            assessment_id=assessment_id,
            recommendation_id=rid,
            provider=CloudProvider.AWS,
            line_items=[
                LineItem(
                    description="gpu",
                    category="compute",
                    catalog_ref="aws/g5.xlarge",
                    quantity=monthly_gpu_hours,
                    unit="hour",
                    unit_price_usd=10.0,
                    formula="hours × price",
                )
            ],
            as_of=date(2025, 1, 1),
        ),
        compliance=ComplianceAssessment(
            id=ids["compliance_assessment_id"],
            tenant_id=tenant,
            assessment_id=assessment_id,
            recommendation_id=rid,
            gaps=[
                ControlGap(
                    framework=Framework.SOC2,
                    control_id="CC6.1",
                    description="access control",
                    severity=Severity.HIGH,
                    remediation="enable SSO",
                )
            ],
            verdict=ComplianceVerdict.GAPS,
        ),
        plan=ImplementationPlan(
            id=f"{rid}-p",
            tenant_id=tenant,
            assessment_id=assessment_id,
            recommendation_id=rid,
            phases=[Phase(name="pilot", duration_weeks=4)],
        ),
    )


async def store_bundles(
    container: ApplicationContainer, tenant: str, assessment_id: str, hours: list[float]
) -> list[str]:
    repo = await resolve(container.storage.recommendations)
    bundles = [bundle(tenant, assessment_id, i + 1, h) for i, h in enumerate(hours)]
    await repo.replace_for(tenant, assessment_id, bundles)
    return [b.recommendation.id for b in bundles]


def arq_on(redis_url: str, data_dir: Path, prefix: str, **overrides: Any) -> Settings:
    """SQLite storage and the arq queue on ``redis_url`` (a fresh key prefix), every Redis call
    bounded at 0.5 s: the stack the Redis fault tests break."""
    return load_settings(
        data_dir=data_dir,
        storage={"backend": "sqlite"},
        queue={"backend": "arq"},
        redis={
            "url": redis_url,
            "key_prefix": f"{prefix}{uuid.uuid4().hex[:8]}",
            "socket_timeout_s": 0.5,
            "connect_timeout_s": 0.5,
        },
        **overrides,
    )
