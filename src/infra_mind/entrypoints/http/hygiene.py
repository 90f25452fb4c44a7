"""Request hygiene for every route: JSON-only bodies (415 otherwise), browser origins
checked on the live streams, and security headers on every answer.

Credentials travel in the ``Authorization`` header, which a browser never adds
to a cross-site request on its own; refusing every non-JSON body as well means
no form or ``text/plain`` post from a web page is ever acted on, even by a
server left open on localhost.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

# Plain mappings rather than Litestar's TypedDicts: this middleware only reads a few keys.
Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_TYPES = ("application/json",)
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Documentation pages need their own scripts and styles; the API needs none.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))


class RequestHygiene:
    """ASGI middleware: 415 for non-JSON bodies, 403 for foreign browser origins on
    WebSocket and Server-Sent Events, security headers on every HTTP answer."""

    def __init__(
        self, app: ASGIApp, allowed_origins: Iterable[str], hsts_max_age_s: int = 0
    ) -> None:
        self.app = app
        self.allowed = {o.rstrip("/") for o in allowed_origins}
        self.hsts = hsts_max_age_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            if not self._origin_ok(scope):
                await send({"type": "websocket.close", "code": 4403})
                return
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        refusal = self._refusal(scope, path)
        if refusal is not None:
            await self._problem(scope, send, *refusal)
            return
        await self.app(scope, receive, self._with_headers(send, path))

    def _refusal(self, scope: Scope, path: str) -> tuple[int, str, str] | None:
        method = scope["method"]
        content_type = _header(scope, b"content-type")
        has_body = (_header(scope, b"content-length") or "0") != "0" or _header(
            scope, b"transfer-encoding"
        ) is not None
        if (
            method in _BODY_METHODS
            and (has_body or content_type)
            and not (content_type and is_json(content_type))
        ):
            return 415, "unsupported-media-type", "request bodies must be application/json"
        if path.endswith("/events") and not self._origin_ok(scope):
            return 403, "forbidden", "this origin may not follow events"
        return None

    def _origin_ok(self, scope: Scope) -> bool:
        """No ``Origin`` (a non-browser client) or one of the configured origins."""
        origin = _header(scope, b"origin")
        return origin is None or origin.rstrip("/") in self.allowed

    def _with_headers(self, send: Send, path: str) -> Send:
        docs = path.startswith("/schema")
        hsts = self.hsts

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if bytes(k).lower() != b"server"
                ]
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"content-security-policy", (DOCS_CSP if docs else API_CSP).encode()),
                ]
                if not docs:
                    headers.append((b"cache-control", b"no-store"))
                if hsts:
                    headers.append((b"strict-transport-security", f"max-age={hsts}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        return wrapped

    async def _problem(self, scope: Scope, send: Send, status: int, kind: str, detail: str) -> None:
        from http import HTTPStatus

        body = json.dumps(
            {
                "type": f"https://infra-mind.dev/problems/{kind}",
                "title": HTTPStatus(status).phrase,
                "status": status,
                "detail": detail,
                "instance": scope["path"],
                "errors": [],
            }
        ).encode()
        send_with = self._with_headers(send, scope["path"])
        start: Any = {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
        await send_with(start)
        await send_with({"type": "http.response.body", "body": body})
