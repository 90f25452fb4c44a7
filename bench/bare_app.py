"""The bare Litestar app bench/api_load.py compares the API with: no storage, no validation,
no container; GET answers the bytes in ``BENCH_BODY_FILE``, POST reads a JSON body and answers
202 with the bytes of ``BENCH_POST_BODY_FILE`` (the same sizes the real endpoints answer).

    uvicorn --factory bench.bare_app:app_factory --workers N
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from litestar import Litestar, Response, get, post


def app_factory() -> Litestar:
    get_body = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
    post_body = Path(os.environ["BENCH_POST_BODY_FILE"]).read_bytes()

    @get("/body")
    async def read() -> Response[bytes]:
        return Response(get_body, media_type="application/json")

    @post("/body", status_code=202)
    async def create(data: dict[str, Any]) -> Response[bytes]:
        return Response(post_body, media_type="application/json", status_code=202)

    return Litestar([read, create])
