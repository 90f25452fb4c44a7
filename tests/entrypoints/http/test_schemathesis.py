"""Property-based run over /schema: no 5xx, no response that violates the documented schema."""

from __future__ import annotations

from typing import Any

import anyio
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from infra_mind.config import load_settings
from infra_mind.container import build_container
from infra_mind.entrypoints.http.app import create_app
from tests.entrypoints.http.helpers import bearer, mint_key

# In-memory storage: the schema run must leave nothing behind; the app is built
# once for the module because schemathesis loads the schema at collection time. One key sends
# every request of the run: without the rate limits, or most answers would be 429s.
container = build_container(
    load_settings(storage={"backend": "memory"}, limits={"rate_limits": False})
)
app = create_app(container)
# Memory storage needs no started resources, so the key can be minted up front.
HEADERS = bearer(anyio.run(mint_key, container))
# Revoking is left out: its job is to end the very credential the run uses.
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app).exclude(
    path="/api/v1/auth/revoke"
)

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_honours_its_schema(case: Any) -> None:
    case.call_and_validate(checks=CHECKS, headers=HEADERS)
