"""Cost accounting: prices per model, a usage record per call, a monthly budget per tenant."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from infra_mind.domain.llm_usage import UsageRecord, month_of
from infra_mind.ports.llm import Completion, CompletionRequest
from infra_mind.ports.usage import UsageLedger

PRICES_AS_OF = "2025-06"


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens, with where and when the price was published."""

    input_per_mtok: float
    output_per_mtok: float
    source: str = "shipped table"
    as_of: str = PRICES_AS_OF


# Public list prices (USD per million tokens) as of PRICES_AS_OF, used for models the maintained
# price source (genai-prices) lacks; override any model in config.
DEFAULT_PRICES: Mapping[str, Price] = {
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "claude-3-5-haiku": Price(0.80, 4.00),
    "claude-3-5-sonnet": Price(3.00, 15.00),
    "claude-3-7-sonnet": Price(3.00, 15.00),
    "claude-sonnet-4": Price(3.00, 15.00),
    "claude-opus-4": Price(15.00, 75.00),
}


def _by_prefix(prices: Mapping[str, Price], model: str) -> Price | None:
    if model in prices:
        return prices[model]
    prefixes = [name for name in prices if model.startswith(name)]
    return prices[max(prefixes, key=len)] if prefixes else None


class PriceTable:
    """Prices by model name, first found wins: configured overrides, then the maintained
    source (``maintained``: model name → price), then the shipped table. In a table a dated
    model ("gpt-4o-2024-08-06") takes its family's price (longest matching prefix). Unknown
    models (self-hosted ones) cost nothing."""

    def __init__(
        self,
        prices: Mapping[str, Price],
        *,
        overrides: Mapping[str, Price] | None = None,
        maintained: Callable[[str], Price | None] | None = None,
    ) -> None:
        self._prices = dict(prices)
        self._overrides = dict(overrides or {})
        self._maintained = maintained

    def price_of(self, model: str) -> Price | None:
        found = _by_prefix(self._overrides, model)
        if found is None and self._maintained is not None:
            found = self._maintained(model)
        return found if found is not None else _by_prefix(self._prices, model)

    def cost_usd(self, model: str, input_tokens: int, output_tokens: int) -> float:
        price = self.price_of(model)
        if price is None:
            return 0.0
        total = input_tokens * price.input_per_mtok + output_tokens * price.output_per_mtok
        return round(total / 1_000_000, 10)


@dataclass(frozen=True)
class BudgetStatus:
    limit_usd: float | None
    spent_usd: float
    month: str

    @property
    def exhausted(self) -> bool:
        return self.limit_usd is not None and self.spent_usd >= self.limit_usd


class Accounting:
    """Prices every completion, writes it to the ledger and answers budget questions.

    The budget is checked before a call, so calls already in flight when it
    runs out may overspend it by their own cost.
    """

    def __init__(
        self,
        prices: PriceTable,
        ledger: UsageLedger,
        now: Callable[[], datetime],
        monthly_budget_usd: float | None = None,
        tenant_budgets_usd: Mapping[str, float] | None = None,
    ) -> None:
        self._prices = prices
        self._ledger = ledger
        self._now = now
        self._budget = monthly_budget_usd
        self._tenant_budgets = dict(tenant_budgets_usd or {})

    def priced(self, completion: Completion) -> Completion:
        """``completion`` with ``cost_usd`` from the price table (cached answers cost nothing)."""
        if completion.cached:
            return completion.model_copy(update={"cost_usd": 0.0})
        usage = completion.usage
        cost = self._prices.cost_usd(completion.model, usage.input_tokens, usage.output_tokens)
        return completion.model_copy(update={"cost_usd": cost})

    async def record(self, request: CompletionRequest, completion: Completion) -> None:
        await self._ledger.record(
            UsageRecord(
                tenant_id=request.tenant_id,
                assessment_id=request.assessment_id,
                agent=request.agent,
                purpose=request.purpose.value,
                provider=completion.provider,
                model=completion.model,
                input_tokens=completion.usage.input_tokens,
                output_tokens=completion.usage.output_tokens,
                cost_usd=completion.cost_usd,
                latency_ms=completion.latency_ms,
                cached=completion.cached,
                at=self._now(),
            )
        )

    async def budget(self, tenant_id: str) -> BudgetStatus:
        month = month_of(self._now())
        limit = self._tenant_budgets.get(tenant_id, self._budget)
        if limit is None:
            return BudgetStatus(None, 0.0, month)
        spent = await self._ledger.month_total_usd(tenant_id, month)
        return BudgetStatus(limit, spent, month)
