"""A local HTTP server speaking the OpenAI chat-completions and Anthropic Messages protocols.

Real sockets, real HTTP/1.1 (keep-alive, chunked server-sent events), the vendors' request
checks and error bodies; replies are scripted per test. Not a mock of our client: the client
under test talks to it exactly as it talks to the vendors.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """One scripted answer; the defaults are a plain success."""

    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # body sent as is (malformed JSON)
    error: str | None = None  # error message, sent in the protocol's error shape
    error_type: str = "server_error"
    content: str | None = None
    obj: dict[str, Any] | None = None  # the structured answer
    skip_tool_call: bool = False  # answer a forced tool call with prose (servers that ignore tools)
    cut_stream: bool = False  # stop a stream after its first chunk


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict[str, Any]
    at: float


def openai_form(body: dict[str, Any]) -> str:
    if body.get("tools") and body.get("tool_choice"):
        return "tool"
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return "json_schema"
    if fmt.get("type") == "json_object":
        return "json_object_schema" if "schema" in fmt else "json_object"
    return "prompt"


class FakeLLMServer:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Seen] = []
        self.default = Reply()
        self.default_text = "Narrative from the fake model."
        self.default_obj: dict[str, Any] = {"summary": "fine"}
        self.reject_forms: set[str] = set()
        self.reject_status = 400  # 422 with a FastAPI "detail" body, as llama.cpp's server does
        self.openai_key = "sk-test"
        self.anthropic_key = "ak-test"
        self.azure_deployment = "gpt4o-prod"
        self.model = "gpt-4o-mini-2024-07-18"
        self.input_tokens = 11
        self.output_tokens = 7
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def next_reply(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            return self.replies.popleft() if self.replies else self.default


def _handler_for(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            from tests.adapters.llm.fake_protocols import dispatch

            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_unparseable": raw.decode("utf-8", "replace")}
            headers = {k.lower(): v for k, v in self.headers.items()}
            seen = Seen(parts.path, parse_qs(parts.query), headers, body, time.monotonic())
            reply = server.next_reply(seen)
            if reply.delay_s:
                time.sleep(reply.delay_s)
            try:
                dispatch(server, self, seen, reply)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def send_json(
            self, status: int, payload: Any, headers: dict[str, str] | None = None
        ) -> None:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def send_events(self, events: list[str], headers: dict[str, str] | None = None) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("cache-control", "no-cache")
            self.send_header("transfer-encoding", "chunked")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            for event in events:
                data = f"data: {event}\n\n".encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    return Handler
