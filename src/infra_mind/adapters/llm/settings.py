"""LLM settings (``INFRA_MIND_LLM__*``): providers, fallbacks, router limits, prices, budget."""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

from infra_mind.adapters.env_types import CommaList

ProviderKind = Literal["offline", "openai", "azure_openai", "anthropic"]
OFFLINE: Final = "offline"
ENV = "INFRA_MIND_LLM__"
DEFAULT_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}
DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest"}


class PriceSettings(BaseModel):
    """US dollars per million tokens."""

    input_per_mtok: float = Field(ge=0)
    output_per_mtok: float = Field(ge=0)


class EndpointSettings(BaseModel):
    """One network provider: where it is, how to authenticate, which model."""

    kind: ProviderKind
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    azure_deployment: str | None = None
    azure_api_version: str = "2024-10-21"
    anthropic_version: str = "2023-06-01"
    stream: bool = False
    merge_system: bool = False
    schema_forms: CommaList = Field(default_factory=list)

    @property
    def resolved_base_url(self) -> str:
        return (self.base_url or DEFAULT_BASE_URLS.get(self.kind, "")).rstrip("/")

    @property
    def resolved_model(self) -> str:
        return self.model or self.azure_deployment or DEFAULT_MODELS.get(self.kind, "default")

    def problems(self, prefix: str) -> list[str]:
        """What is missing or wrong, naming the environment variable (``prefix`` + field)."""
        found: list[str] = []
        if self.kind == "azure_openai":
            if not self.base_url:
                found.append(f"{prefix}BASE_URL is required for azure_openai")
            if not self.azure_deployment:
                found.append(f"{prefix}AZURE_DEPLOYMENT is required for azure_openai")
        vendor = self.base_url is None or self.resolved_base_url in DEFAULT_BASE_URLS.values()
        if self.kind in ("openai", "anthropic", "azure_openai") and vendor and not self.api_key:
            found.append(f"{prefix}API_KEY is required for {self.kind} at {self.resolved_base_url}")
        allowed = {"json_schema", "tool", "json_object_schema", "json_object", "prompt"}
        for form in self.schema_forms:
            if form not in allowed:
                found.append(f"{prefix}SCHEMA_FORMS: {form!r} is not one of {sorted(allowed)}")
        return found


class LLMSettings(BaseModel):
    """The primary provider is configured by the top-level fields; every other name in
    ``fallbacks`` is ``offline`` or a key of ``endpoints``. ``offline`` always ends the chain."""

    provider: ProviderKind = OFFLINE
    fallbacks: CommaList = Field(default_factory=lambda: [OFFLINE])
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    azure_deployment: str | None = None
    azure_api_version: str = "2024-10-21"
    stream: bool = False
    merge_system: bool = False
    schema_forms: CommaList = Field(default_factory=list)
    endpoints: dict[str, EndpointSettings] = Field(default_factory=dict)

    timeout_s: float = Field(default=60.0, gt=0)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)
    backoff_base_s: float = Field(default=0.5, ge=0)
    backoff_max_s: float = Field(default=8.0, ge=0)
    max_retry_after_s: float = Field(default=30.0, ge=0)
    breaker_failures: int = Field(default=5, ge=1)
    breaker_cooldown_s: float = Field(default=30.0, ge=0)
    max_concurrency: int = Field(default=8, ge=1)
    per_tenant_concurrency: int = Field(default=4, ge=1)
    cache_ttl_s: float = Field(default=86_400.0, ge=0)
    monthly_budget_usd: float | None = Field(default=None, ge=0)
    tenant_budgets_usd: dict[str, float] = Field(default_factory=dict)
    prices: dict[str, PriceSettings] = Field(default_factory=dict)

    def primary(self) -> EndpointSettings | None:
        if self.provider == OFFLINE:
            return None
        return EndpointSettings(
            kind=self.provider,
            base_url=self.base_url,
            api_key=self.api_key,
            model=self.model,
            azure_deployment=self.azure_deployment,
            azure_api_version=self.azure_api_version,
            stream=self.stream,
            merge_system=self.merge_system,
            schema_forms=self.schema_forms,
        )

    def chain(self) -> list[tuple[str, EndpointSettings | None]]:
        """(name, endpoint) in call order; ``None`` is the offline provider."""
        names = list(dict.fromkeys([self.provider, *self.fallbacks, OFFLINE]))
        links: list[tuple[str, EndpointSettings | None]] = []
        for name in names:
            if name == OFFLINE:
                links.append((name, None))
            elif name == self.provider:
                links.append((name, self.primary()))
            elif name in self.endpoints:
                links.append((name, self.endpoints[name]))
            else:
                raise ValueError(
                    f"{ENV}FALLBACKS names {name!r}, which is neither 'offline' nor configured "
                    f"under {ENV}ENDPOINTS__{name.upper()}__…"
                )
        return links

    @model_validator(mode="after")
    def _check(self) -> LLMSettings:
        problems: list[str] = []
        if self.provider in self.endpoints:
            problems.append(f"{ENV}ENDPOINTS__{self.provider.upper()} clashes with {ENV}PROVIDER")
        try:
            links = self.chain()
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        for name, endpoint in links:
            if endpoint is None:
                continue
            prefix = ENV if name == self.provider else f"{ENV}ENDPOINTS__{name.upper()}__"
            problems.extend(endpoint.problems(prefix))
        if problems:
            raise ValueError("; ".join(problems))
        return self
