"""Request hygiene: JSON-only bodies, origins on the live streams, security headers,
body-size limit, CORS from settings, documentation assets served locally."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient, TestClient

from infra_mind.config import load_settings
from infra_mind.container import ApplicationContainer, build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import API, authenticate, authenticate_sync
from tests.factories import example_document

pytestmark = pytest.mark.anyio
ALLOWED = "https://console.example.test"


async def test_a_text_plain_body_is_415_and_nothing_is_stored(
    client: AsyncTestClient[Any],
) -> None:
    r = await client.post(
        f"{API}/assessments", content=b'{"a": 1}', headers={"content-type": "text/plain"}
    )
    listed = (await client.get(f"{API}/assessments")).json()["items"]
    assert (r.status_code, listed) == (415, [])


async def test_a_form_post_to_a_bodyless_route_is_415(client: AsyncTestClient[Any]) -> None:
    r = await client.post(
        f"{API}/assessments/any/cancel",
        content=b"",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert (r.status_code, r.headers["content-type"]) == (415, "application/problem+json")


async def test_json_with_a_charset_is_accepted(client: AsyncTestClient[Any]) -> None:
    import json

    r = await client.post(
        f"{API}/assessments",
        content=json.dumps(example_document()).encode(),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert r.status_code == 202


async def test_answers_carry_security_headers_and_no_server_banner(
    client: AsyncTestClient[Any],
) -> None:
    r = await client.get(f"{API}/assessments")
    headers = {k.lower(): v for k, v in r.headers.items()}
    assert (
        headers["x-content-type-options"],
        headers["x-frame-options"],
        headers["cache-control"],
    ) == ("nosniff", "DENY", "no-store")
    assert "server" not in headers


async def test_a_body_over_the_limit_is_413(client: AsyncTestClient[Any]) -> None:
    r = await client.post(
        f"{API}/assessments",
        content=b'{"x": "' + b"a" * (2 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413


async def test_events_from_a_foreign_browser_origin_are_403(client: AsyncTestClient[Any]) -> None:
    r = await client.get(
        f"{API}/assessments/any/events", headers={"origin": "https://evil.example.test"}
    )
    assert r.status_code == 403


async def test_the_docs_page_loads_nothing_from_another_host(
    anonymous: AsyncTestClient[Any],
) -> None:
    page = (await anonymous.get("/schema/swagger")).text
    script = await anonymous.get("/schema/assets/swagger-ui-bundle.js")
    assert re.findall(r"(?:src|href)=[\"']https?://", page) == []
    assert (script.status_code, len(script.content) > 100_000) == (200, True)


@pytest.fixture
def browser_container(tmp_path: Path) -> ApplicationContainer:
    settings = load_settings(
        storage={"backend": "memory"}, data_dir=tmp_path, http={"allowed_origins": ALLOWED}
    )
    return build_container(settings)


async def test_cors_answers_a_configured_origin(browser_container: ApplicationContainer) -> None:
    async with AsyncTestClient(create_app(browser_container)) as c:
        preflight = await c.options(
            f"{API}/assessments",
            headers={"origin": ALLOWED, "access-control-request-method": "POST"},
        )
    assert preflight.headers.get("access-control-allow-origin") == ALLOWED


async def test_events_from_a_configured_origin_are_served(
    browser_container: ApplicationContainer,
) -> None:
    async with AsyncTestClient(create_app(browser_container)) as c:
        await authenticate(c)
        r = await c.get(f"{API}/assessments/any/events", headers={"origin": ALLOWED})
    assert r.status_code == 404  # past the origin check: the assessment does not exist


def test_a_websocket_from_a_foreign_origin_is_refused(container: ApplicationContainer) -> None:
    with TestClient(create_app(container)) as client:
        authenticate_sync(client)
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect(
                f"{API}/assessments/any/ws", headers={"origin": "https://evil.example.test"}
            ) as ws,
        ):
            ws.receive_json(timeout=5)
