"""ASGI middleware: a request body that does not arrive in time is answered 408 and the
connection closed, so stalled uploads cannot hold the server's connections (and memory).

Only the body is timed: once its last chunk has arrived, ``receive`` is passed through
untimed (streaming responses listen on it for the client's disconnect)."""

from __future__ import annotations

from typing import Any

import anyio
from litestar.exceptions import HTTPException

Scope = dict[str, Any]
Message = dict[str, Any]


class BodyReadTimeout:
    def __init__(self, app: Any, timeout_s: float) -> None:
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = anyio.current_time() + self.timeout_s
        complete = False

        async def timed_receive() -> Message:
            nonlocal complete
            if complete:
                return await receive()  # type: ignore[no-any-return]
            try:
                with anyio.fail_after(max(0.0, deadline - anyio.current_time())):
                    message: Message = await receive()
            except TimeoutError:
                raise HTTPException(
                    status_code=408,
                    detail=f"the request body did not arrive within {self.timeout_s:g} s",
                    headers={"Connection": "close"},
                ) from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                complete = True
            return message

        await self.app(scope, timed_receive, send)
