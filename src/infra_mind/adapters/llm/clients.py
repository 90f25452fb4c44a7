"""Pooled HTTP clients for the network LLM providers, opened and closed as one resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx

from infra_mind.adapters.llm.settings import EndpointSettings, LLMSettings

USER_AGENT = "infra-mind-llm/0.1"


@asynccontextmanager
async def open_http_client(
    endpoint: EndpointSettings,
    *,
    timeout_s: float = 60.0,
    connect_timeout_s: float = 5.0,
    max_connections: int = 8,
) -> AsyncIterator[httpx.AsyncClient]:
    """One keep-alive pool for one provider; closed on exit."""
    client = httpx.AsyncClient(
        base_url=endpoint.resolved_base_url,
        timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
        headers={"user-agent": USER_AGENT},
    )
    async with client:
        yield client


@asynccontextmanager
async def open_llm_http_clients(
    settings: LLMSettings,
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """A client per network provider of the chain, by provider name (offline needs none)."""
    async with AsyncExitStack() as stack:
        clients: dict[str, httpx.AsyncClient] = {}
        for name, endpoint in settings.chain():
            if endpoint is None:
                continue
            clients[name] = await stack.enter_async_context(
                open_http_client(
                    endpoint,
                    timeout_s=settings.timeout_s,
                    connect_timeout_s=settings.connect_timeout_s,
                    max_connections=settings.max_concurrency,
                )
            )
        yield clients
