"""Responses serialised once, by pydantic-core, straight to JSON bytes.

Litestar's default path turns a pydantic model into Python objects and then encodes those with
msgspec; for the large read models (recommendations with their documents) that copy costs more
than the encoding. ``TypeAdapter.dump_json`` writes the bytes in one pass; Litestar sends bytes
as they are, and the handler's annotation still gives the OpenAPI schema."""

from __future__ import annotations

from typing import Any, cast

from litestar import Response
from litestar.enums import MediaType
from pydantic import TypeAdapter


def json_response[T](adapter: TypeAdapter[T], value: T) -> Response[T]:
    body: Any = adapter.dump_json(value)
    return Response(cast(T, body), media_type=MediaType.JSON)
