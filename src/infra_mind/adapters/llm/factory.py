"""Builds the LLM router from settings: the one function the container calls."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

import anyio
import httpx

from infra_mind.adapters.llm.anthropic import AnthropicProvider
from infra_mind.adapters.llm.offline import OfflineProvider
from infra_mind.adapters.llm.openai_compatible import OpenAICompatibleProvider
from infra_mind.adapters.llm.openai_wire import DEFAULT_FORMS, SchemaForm
from infra_mind.adapters.llm.settings import EndpointSettings, LLMSettings
from infra_mind.adapters.llm_prices.genai import usage_price
from infra_mind.ports.cache import Cache
from infra_mind.ports.llm import LLMProvider
from infra_mind.ports.usage import UsageLedger
from infra_mind.services.llm.accounting import DEFAULT_PRICES, Accounting, Price, PriceTable
from infra_mind.services.llm.cache import CompletionCache
from infra_mind.services.llm.retry import RetryPolicy
from infra_mind.services.llm.router import LLMRouter, RouterPolicy


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_provider(name: str, endpoint: EndpointSettings, client: httpx.AsyncClient) -> LLMProvider:
    """The adapter for one configured network endpoint."""
    key = endpoint.api_key.get_secret_value() if endpoint.api_key else None
    if endpoint.kind == "anthropic":
        return AnthropicProvider(
            client,
            model=endpoint.resolved_model,
            api_key=key,
            name=name,
            api_version=endpoint.anthropic_version,
        )
    forms = tuple(SchemaForm(f) for f in endpoint.schema_forms) or DEFAULT_FORMS
    return OpenAICompatibleProvider(
        client,
        model=endpoint.resolved_model,
        api_key=key,
        name=name,
        azure_deployment=endpoint.azure_deployment if endpoint.kind == "azure_openai" else None,
        azure_api_version=endpoint.azure_api_version,
        stream=endpoint.stream,
        schema_forms=forms,
        merge_system=endpoint.merge_system,
    )


def _maintained_price(model: str) -> Price | None:
    found = usage_price(model)
    if found is None:
        return None
    return Price(
        found.input_usd_per_1m,
        found.output_usd_per_1m,
        source=f"{found.basis} ({', '.join(found.sources[:1])})",
        as_of=found.as_of.isoformat(),
    )


def price_table(settings: LLMSettings) -> PriceTable:
    overrides = {
        m: Price(p.input_per_mtok, p.output_per_mtok, source="configured")
        for m, p in settings.prices.items()
    }
    return PriceTable(
        DEFAULT_PRICES, overrides=overrides, maintained=functools.cache(_maintained_price)
    )


def build_llm_router(
    settings: LLMSettings,
    *,
    http_clients: Mapping[str, httpx.AsyncClient],
    cache: Cache | None,
    ledger: UsageLedger,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_now,
    rng: random.Random | None = None,
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
) -> LLMRouter:
    """The router over ``settings.chain()``; ``http_clients`` comes from
    ``open_llm_http_clients(settings)``. ``cache=None`` or ``cache_ttl_s=0`` turns caching off."""
    offline = OfflineProvider()
    providers: list[LLMProvider] = []
    for name, endpoint in settings.chain():
        if endpoint is None:
            providers.append(offline)
        elif name not in http_clients:
            raise ValueError(f"no HTTP client for LLM provider {name!r}")
        else:
            providers.append(build_provider(name, endpoint, http_clients[name]))
    policy = RouterPolicy(
        retry=RetryPolicy(
            max_retries=settings.max_retries,
            backoff_base_s=settings.backoff_base_s,
            backoff_max_s=settings.backoff_max_s,
            max_retry_after_s=settings.max_retry_after_s,
            timeout_s=settings.timeout_s,
        ),
        breaker_failures=settings.breaker_failures,
        breaker_cooldown_s=settings.breaker_cooldown_s,
        max_concurrency=settings.max_concurrency,
        per_tenant_concurrency=settings.per_tenant_concurrency,
    )
    accounting = Accounting(
        price_table(settings),
        ledger,
        now,
        monthly_budget_usd=settings.monthly_budget_usd,
        tenant_budgets_usd=settings.tenant_budgets_usd,
    )
    completion_cache = (
        CompletionCache(cache, settings.cache_ttl_s)
        if cache is not None and settings.cache_ttl_s > 0
        else None
    )
    return LLMRouter(
        providers,
        offline=offline,
        policy=policy,
        cache=completion_cache,
        accounting=accounting,
        clock=clock,
        rng=rng,
        sleep=sleep,
    )
