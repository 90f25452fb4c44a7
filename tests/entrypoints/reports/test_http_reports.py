"""``GET /api/v1/assessments/{id}/reports/{type}.{format}``: every example's full report in
all five formats, with its content type and file name, showing the stored figures."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from infra_mind.container import build_container, resolve
from infra_mind.domain.report import MEDIA_TYPES, ReportFormat
from infra_mind.entrypoints.http.app import create_app
from infra_mind.services.reports.cells import money_text
from tests.entrypoints.http.helpers import authenticate
from tests.entrypoints.reports.conftest import FORMATS
from tests.factories import EXAMPLES
from tests.reports_world import ReportWorld, flat, text_of

API = "/api/v1"
pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(report_world: ReportWorld) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(create_app(build_container(report_world.settings))) as c:
        await authenticate(c)
        yield c


def _url(world: ReportWorld, example: str, name: str) -> str:
    return f"{API}/assessments/{world.outcomes[example].assessment.id}/reports/{name}"


@pytest.mark.slow
@pytest.mark.parametrize(("example", "fmt"), [(n, f) for n in EXAMPLES for f in FORMATS])
async def test_full_report_is_the_file_with_the_stored_figures(
    report_world: ReportWorld, client: AsyncTestClient, example: str, fmt: str
) -> None:
    outcome = report_world.outcomes[example]
    response = await client.get(_url(report_world, example, f"full.{fmt}"))
    text = flat(text_of(fmt, response.content))
    expected = [
        money_text(outcome.total_monthly_cost_usd),
        outcome.recommendations[0].recommendation.title,
        *(f.value for f in outcome.assessment.input.business.compliance),
    ]
    filename = f'attachment; filename="infra-mind-{outcome.assessment.id}-full.{fmt}"'
    assert (
        response.status_code,
        response.headers["content-type"].split(";")[0],
        response.headers["content-disposition"],
        [e for e in expected if e not in text],
    ) == (200, MEDIA_TYPES[ReportFormat(fmt)], filename, [])


@pytest.mark.parametrize("name", ["annual.pdf", "full.odt", "full", "executive-summary.pdf.zip"])
async def test_unknown_type_or_format_is_404_problem(
    report_world: ReportWorld, client: AsyncTestClient, name: str
) -> None:
    response = await client.get(_url(report_world, EXAMPLES[0], name))
    assert (response.status_code, response.headers["content-type"]) == (
        404,
        "application/problem+json",
    )


async def test_unknown_assessment_is_404_problem(client: AsyncTestClient) -> None:
    response = await client.get(f"{API}/assessments/no-such-id/reports/full.md")
    assert (response.status_code, response.headers["content-type"]) == (
        404,
        "application/problem+json",
    )


async def test_a_finished_render_is_served_from_the_cache(
    report_world: ReportWorld, client: AsyncTestClient
) -> None:
    url = _url(report_world, EXAMPLES[0], "compliance.md")
    first = await client.get(url)
    container = client.app.state.container
    cache = await resolve(container.messaging.report_cache)
    outcome = report_world.outcomes[EXAMPLES[0]]
    key = (
        f"report:{outcome.assessment.tenant_id}:{outcome.assessment.id}:"
        f"v{outcome.assessment.version}:l1:compliance.md"
    )
    await cache.set(key, b"from the cache", 60)
    second = await client.get(url)
    assert (first.content != b"from the cache", second.content) == (True, b"from the cache")
