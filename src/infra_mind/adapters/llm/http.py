"""HTTP plumbing shared by the network providers: status mapping, Retry-After, JSON bodies."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from infra_mind.domain.errors import PermanentError, TransientError

# 408 request timeout, 409 conflict (OpenAI's "try again"), 425 too early, 429 rate limit,
# 5xx server side, 529 Anthropic "overloaded".
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
MAX_DETAIL_CHARS = 300

log = logging.getLogger(__name__)


def parse_retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` (OpenAI) or ``Retry-After`` (seconds or an
    HTTP date); ``None`` when the server did not say or said something unreadable."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(float(lowered["retry-after-ms"]) / 1000, 0.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def error_detail(body: bytes) -> str:
    """The human message of an error body in OpenAI's, Anthropic's or FastAPI's shape."""
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:MAX_DETAIL_CHARS] or "(empty body)"
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and "message" in error:
            kind = error.get("type") or error.get("code")
            return f"{kind}: {error['message']}" if kind else str(error["message"])
        if isinstance(error, str):
            return error
        for key in ("message", "detail"):
            if key in data:
                return json.dumps(data[key])[:MAX_DETAIL_CHARS]
    return json.dumps(data)[:MAX_DETAIL_CHARS]


STRUCTURED_OUTPUT_WORDS = ("response_format", "json_schema", "tool_choice", "tools")


def error_category(status: int) -> str:
    """What an HTTP error status means for the caller, in a few words."""
    if status in (401, 403):
        return "authentication refused"
    if status == 404:
        return "model or endpoint not found"
    if status in (408, 504):
        return "upstream timed out"
    if status == 413:
        return "request too large"
    if status == 429:
        return "rate limited"
    if status >= 500:
        return "upstream error"
    return "request refused"


def raise_for_status(provider: str, response: httpx.Response, body: bytes) -> None:
    """Map an error response to ``TransientError`` (worth retrying) or ``PermanentError``."""
    status = response.status_code
    if status < 400:
        return
    # Only the status and its category leave this function: the body is the
    # upstream's text, which can echo request headers (the API key) and ends up
    # in llm_notes and /results. The detail goes to the (redacted) log instead.
    detail = error_detail(body)
    log.info("%s answered HTTP %s: %s", provider, status, detail)
    message = f"{provider}: HTTP {status}: {error_category(status)}"
    # Which structured-output parameter the server blamed (named from our own list, never
    # copied from its text): how a provider learns to fall back to another form.
    blamed = [word for word in STRUCTURED_OUTPUT_WORDS if word in detail]
    if blamed:
        message += f" (blames {', '.join(blamed)})"
    if status in TRANSIENT_STATUSES or status >= 500:
        raise TransientError(message, parse_retry_after(response.headers), status)
    raise PermanentError(message, status)


def transport_error(provider: str, exc: httpx.HTTPError) -> TransientError:
    if isinstance(exc, httpx.TimeoutException):
        return TransientError(f"{provider}: timed out ({type(exc).__name__})")
    return TransientError(f"{provider}: {type(exc).__name__}: {exc}")


def decode_json(provider: str, body: bytes) -> dict[str, Any]:
    """A JSON object body; anything else is a malformed answer (transient: a proxy or a
    restarting server sends these)."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise TransientError(f"{provider}: malformed JSON in response: {exc}", status=200) from exc
    if not isinstance(data, dict):
        raise TransientError(f"{provider}: response is not a JSON object", status=200)
    return data


async def post_json(
    client: httpx.AsyncClient,
    provider: str,
    url: str,
    body: Mapping[str, Any],
    *,
    headers: Mapping[str, str],
    params: Mapping[str, str] | None = None,
    timeout_s: float,
) -> tuple[dict[str, Any], float]:
    """POST ``body``; the decoded JSON answer and the latency in milliseconds."""
    started = time.perf_counter()
    try:
        response = await client.post(
            url, json=body, headers=dict(headers), params=params, timeout=timeout_s
        )
        raw = response.content
    except httpx.HTTPError as exc:
        raise transport_error(provider, exc) from exc
    raise_for_status(provider, response, raw)
    return decode_json(provider, raw), (time.perf_counter() - started) * 1000
