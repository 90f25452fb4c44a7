"""The request class of the API: a JSON body that cannot be a document answers 400.

msgspec decodes a body recursively (``[`` × 10,000 exhausts the interpreter's stack) and lets
invalid UTF-8 through inside strings; both are the client's error, never a 500 nor stored text."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import ClientException


class JsonBodyRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        body = await self.body()
        try:
            body.decode("utf-8")  # strict: C speed, no copy kept
        except UnicodeDecodeError as exc:
            raise ClientException(f"the body is not valid UTF-8 (byte {exc.start})") from None
        try:
            return await super().json()
        except RecursionError:
            raise ClientException("the JSON body is nested too deeply") from None
