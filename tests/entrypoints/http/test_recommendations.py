"""Recommendations, approvals, compliance, costs, the budget forecast and analytics."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.container import ApplicationContainer
from infra_mind.domain.access import Role
from tests.entrypoints.http.helpers import API, bearer, key_for, store_bundles
from tests.factories import example_document

pytestmark = pytest.mark.anyio
TENANT = "default"


async def assessment_with_bundles(
    client: AsyncTestClient, container: ApplicationContainer, hours: list[float]
) -> tuple[str, list[str]]:
    aid = (await client.post(f"{API}/assessments?draft=true", json=example_document())).json()["id"]
    return aid, await store_bundles(container, TENANT, aid, hours)


async def test_recommendations_come_ranked_with_their_documents(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    aid, ids = await assessment_with_bundles(client, container, [100, 200])
    body = (await client.get(f"{API}/assessments/{aid}/recommendations")).json()
    assert [b["recommendation"]["id"] for b in body] == ids
    assert body[0]["cost"]["monthly_total_usd"] == 1000.0
    assert body[0]["plan"]["total_weeks"] == 4
    assert body[0]["compliance"]["verdict"] == "compliant_with_gaps"


async def test_recommendations_of_an_unknown_assessment_is_404(client: AsyncTestClient) -> None:
    assert (await client.get(f"{API}/assessments/x/recommendations")).status_code == 404


async def test_approve_then_reject_keeps_history(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    aid, (rid, _) = await assessment_with_bundles(client, container, [100, 200])
    url = f"{API}/recommendations/{rid}/approvals"
    first = await client.post(url, json={"decision": "approve", "comment": "ok"})
    assert first.status_code == 201
    admin = bearer(await key_for(client, Role.ADMIN))
    body = {"decision": "reject", "role": "admin", "comment": "residency"}
    await client.post(url, json=body, headers=admin)
    history = (await client.get(url)).json()
    assert [(h["decision"], h["role"]) for h in history] == [
        ("approve", "owner"),
        ("reject", "admin"),
    ]
    one = (await client.get(f"{API}/recommendations/{rid}")).json()
    assert one["recommendation"]["approval"] == "rejected"
    listed = (await client.get(f"{API}/assessments/{aid}/recommendations")).json()
    assert [b["recommendation"]["approval"] for b in listed] == ["rejected", "pending"]
    assert len((await client.get(f"{API}/assessments/{aid}/approvals")).json()) == 2


async def test_approval_of_an_unknown_recommendation_is_404(client: AsyncTestClient) -> None:
    r = await client.post(f"{API}/recommendations/nope/approvals", json={"decision": "approve"})
    assert r.status_code == 404


async def test_approval_with_an_unknown_decision_is_422(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    _, (rid, *_) = await assessment_with_bundles(client, container, [1])
    r = await client.post(f"{API}/recommendations/{rid}/approvals", json={"decision": "maybe"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["path"] == "decision"


async def test_costs_sum_the_estimates_against_the_budget(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    aid, _ = await assessment_with_bundles(client, container, [1000, 1500])
    body = (await client.get(f"{API}/assessments/{aid}/costs")).json()
    assert body["monthly_total_usd"] == 25000.0
    assert body["budget_gap_usd"] == 25000.0 - 30000.0


async def test_forecast_marks_the_months_over_budget(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    # 25 000 $/month now; users 40k → 65k at month 6 (the example), budget 30 000 $/month.
    aid, _ = await assessment_with_bundles(client, container, [1000, 1500])
    body = (await client.get(f"{API}/assessments/{aid}/costs/forecast")).json()
    assert body["horizon_months"] == 12
    assert body["growth_basis"] == "input_growth"
    growth = [m["growth_factor"] for m in body["months"]]
    assert growth[5] == pytest.approx(65000 / 40000)
    expected = [m for m, g in enumerate(growth, start=1) if 25000 * g > 30000]
    assert body["exceeded_months"] == expected
    assert body["first_exceeded_month"] == 2


async def test_forecast_horizon_is_bounded(client: AsyncTestClient) -> None:
    r = await client.get(f"{API}/assessments/x/costs/forecast", params={"horizon_months": 0})
    assert r.status_code == 400


async def test_compliance_view_collects_gaps(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    aid, _ = await assessment_with_bundles(client, container, [1, 2])
    body = (await client.get(f"{API}/assessments/{aid}/compliance")).json()
    assert body["required_frameworks"] == ["pci_dss", "soc2", "ccpa"]
    assert [g["control_id"] for g in body["gaps"]] == ["CC6.1"]
    assert body["verdict"] == "compliant_with_gaps"


async def test_analytics_counts_by_status(client: AsyncTestClient) -> None:
    for _ in range(2):
        await client.post(f"{API}/assessments?draft=true", json=example_document())
    body = (await client.get(f"{API}/analytics")).json()
    assert body["by_status"]["draft"] == 2
    assert body["assessments_scanned"] == 2


async def test_chat_answers_about_an_assessment(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    aid, _ = await assessment_with_bundles(client, container, [100])
    r = await client.post(
        f"{API}/assessments/{aid}/chat", json={"question": "What is ranked first?"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["answer"]


async def test_chat_about_an_unknown_assessment_is_404(client: AsyncTestClient) -> None:
    r = await client.post(f"{API}/assessments/none/chat", json={"question": "hi"})
    assert r.status_code == 404


async def test_health(client: AsyncTestClient) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok", "detail": None}
    assert (await client.get("/health/ready")).status_code == 200


async def test_full_run_yields_recommendations_and_a_simulation_forecast(
    client: AsyncTestClient,
) -> None:
    aid = (await client.post(f"{API}/assessments", json=example_document())).json()["id"]
    await client.get(f"{API}/assessments/{aid}/events")  # follows the run until it rests
    recs = (await client.get(f"{API}/assessments/{aid}/recommendations")).json()
    assert recs
    assert [b["recommendation"]["rank"] for b in recs] == list(range(1, len(recs) + 1))
    forecast = (await client.get(f"{API}/assessments/{aid}/costs/forecast")).json()
    assert forecast["growth_basis"] == "simulation"
    total = sum(b["cost"]["monthly_total_usd"] for b in recs)
    assert forecast["baseline_monthly_usd"] == pytest.approx(total)


async def test_approval_is_recorded_under_the_authenticated_principal(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    _, (rid, *_) = await assessment_with_bundles(client, container, [1])
    r = await client.post(f"{API}/recommendations/{rid}/approvals", json={"decision": "approve"})
    me = (await client.get(f"{API}/auth/me")).json()
    assert (r.json()["role"], r.json()["decided_by"]) == ("owner", me["subject"])


async def test_approval_stating_another_role_is_422_on_role(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    _, (rid, *_) = await assessment_with_bundles(client, container, [1])
    r = await client.post(
        f"{API}/recommendations/{rid}/approvals", json={"decision": "approve", "role": "admin"}
    )
    assert (r.status_code, r.json()["errors"][0]["path"]) == (422, "role")


async def test_an_analyst_may_not_approve(
    client: AsyncTestClient, container: ApplicationContainer
) -> None:
    _, (rid, *_) = await assessment_with_bundles(client, container, [1])
    analyst = bearer(await key_for(client, Role.ANALYST))
    r = await client.post(
        f"{API}/recommendations/{rid}/approvals", json={"decision": "approve"}, headers=analyst
    )
    assert r.status_code == 403
