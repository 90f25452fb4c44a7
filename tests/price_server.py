"""A loopback HTTP server answering like the providers' price endpoints, from canned bodies.

The bodies are constructed in each provider's documented response format (this machine cannot
reach the providers): Azure Retail Prices API pages, AWS EC2 price-list offer files, Cloud
Billing Catalog SKU pages. Routes match the request path plus selected query parameters.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class PriceServer:
    url: str
    routes: dict[str, Any] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def serve(self, path: str, body: Any, **query: str) -> None:
        """Answer GET ``path`` (with exactly these values of the named query parameters) with
        ``body`` as JSON, or as-is when it is ``str``."""
        self.routes[_key(path, query)] = body


def _params(key: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in key.split("?", 1)[1].split("&") if p)


def _key(path: str, query: dict[str, str]) -> str:
    return path + "?" + "&".join(f"{k}={v}" for k, v in sorted(query.items()))


@contextmanager
def price_server() -> Iterator[PriceServer]:
    state = PriceServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            matching = [
                (len(_params(key)), b)
                for key, b in state.routes.items()
                if key.split("?")[0] == parts.path
                and all(query.get(k) == v for k, v in _params(key).items())
            ]
            # the most specific route wins: page 2 names more parameters than page 1
            body = max(matching, key=lambda m: m[0])[1] if matching else None
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            raw = (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
