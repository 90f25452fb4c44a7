"""The LLM router: one provider to the agents, a guarded fallback chain behind it."""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import anyio

from infra_mind.domain.errors import PermanentError, StorageUnavailable, TransientError
from infra_mind.ports.llm import Completion, CompletionRequest, LLMProvider, TokenUsage
from infra_mind.services.llm.accounting import Accounting, BudgetStatus
from infra_mind.services.llm.breaker import CircuitBreaker
from infra_mind.services.llm.cache import CompletionCache
from infra_mind.services.llm.limits import ConcurrencyLimits
from infra_mind.services.llm.retry import RetryPolicy
from infra_mind.services.llm.structured import InvalidStructuredOutput, check, repair_request


@dataclass(frozen=True)
class RouterPolicy:
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker_failures: int = 5
    breaker_cooldown_s: float = 30.0
    max_concurrency: int = 8
    per_tenant_concurrency: int = 4


def usd(amount: float) -> str:
    """Dollars for people: cents for whole amounts, significant digits for fractions of one."""
    return f"{amount:,.2f} USD" if amount >= 1 else f"{amount:.4g} USD"


def model_of(provider: LLMProvider) -> str:
    """The model a provider is configured with (its ``model`` attribute), "" if it has none."""
    return str(getattr(provider, "model", ""))


class _ProviderFailed(Exception):
    def __init__(self, note: str, cause: Exception | None = None) -> None:
        self.note = note
        self.cause = cause
        super().__init__(note)


@dataclass
class _Spend:
    """Billable calls made for one request (retries that failed cost nothing)."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0

    def add(self, completion: Completion) -> None:
        self.calls += 1
        self.input_tokens += completion.usage.input_tokens
        self.output_tokens += completion.usage.output_tokens
        self.cost_usd += completion.cost_usd


class LLMRouter:
    """An ``LLMProvider`` that tries ``chain`` in order.

    Per provider: exact-match cache, circuit breaker, retries with jittered
    backoff on transient failures (honouring ``Retry-After``), a timeout per
    attempt, schema validation with one repair attempt. Calls run under a
    global and a per-tenant concurrency limit. When a tenant's monthly budget
    is spent, ``offline`` answers instead. When anything but the first
    provider answers, the completion names the providers it fell back from
    and says why in ``notes``.
    """

    def __init__(
        self,
        chain: Sequence[LLMProvider],
        *,
        offline: LLMProvider,
        policy: RouterPolicy | None = None,
        cache: CompletionCache | None = None,
        accounting: Accounting | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        if not chain:
            raise ValueError("the chain needs at least one provider")
        names = [p.name for p in chain]
        if len(set(names)) != len(names):
            raise ValueError(f"provider names in the chain must be unique: {names}")
        self._chain = tuple(chain)
        self._offline = offline
        self._policy = policy or RouterPolicy()
        self._cache = cache
        self._accounting = accounting
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._limits = ConcurrencyLimits(
            self._policy.max_concurrency, self._policy.per_tenant_concurrency
        )
        self._breakers = {
            name: CircuitBreaker(
                self._policy.breaker_failures, self._policy.breaker_cooldown_s, clock
            )
            for name in names
        }

    @property
    def name(self) -> str:
        return "router"

    @property
    def chain(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._chain)

    @property
    def limits(self) -> ConcurrencyLimits:
        return self._limits

    def breaker(self, provider: str) -> CircuitBreaker:
        return self._breakers[provider]

    async def complete(self, request: CompletionRequest) -> Completion:
        if self._accounting is not None and self._chain[0].name != self._offline.name:
            status = await self._accounting.budget(request.tenant_id)
            if status.exhausted:
                return await self._over_budget(request, status)
        spend = _Spend()
        fell_back: list[str] = []
        notes: list[str] = []
        causes: list[Exception | None] = []
        for provider in self._chain:
            try:
                completion = await self._via(provider, request, spend)
            except _ProviderFailed as failed:
                fell_back.append(provider.name)
                notes.append(failed.note)
                causes.append(failed.cause)
                continue
            return self._finish(completion, fell_back, notes, spend)
        summary = "every LLM provider failed: " + "; ".join(notes)
        if all(isinstance(c, PermanentError | InvalidStructuredOutput) for c in causes):
            raise PermanentError(summary)
        raise TransientError(summary)

    async def _over_budget(self, request: CompletionRequest, status: BudgetStatus) -> Completion:
        completion = await self._offline.complete(request)
        await self._record(request, completion)
        note = (
            f"monthly LLM budget of {usd(status.limit_usd or 0)} for this tenant is spent "
            f"({usd(status.spent_usd)} in {status.month}); the {self._offline.name} "
            "provider wrote this instead"
        )
        return completion.model_copy(
            update={"fallback_from": (self._chain[0].name,), "notes": (*completion.notes, note)}
        )

    async def _via(
        self, provider: LLMProvider, request: CompletionRequest, spend: _Spend
    ) -> Completion:
        model = model_of(provider)
        if self._cache is not None:
            hit = await self._cache.get(request, provider.name, model)
            if hit is not None:
                hit = hit.model_copy(
                    update={"cached": True, "cost_usd": 0.0, "usage": TokenUsage()}
                )
                await self._record(request, hit)
                return hit
        breaker = self._breakers[provider.name]
        if not breaker.allow():
            raise _ProviderFailed(f"{provider.name} skipped: circuit open")
        completion = await self._attempts(provider, breaker, request, spend)
        if request.json_schema is not None:
            completion = await self._validated(provider, breaker, request, completion, spend)
        if self._cache is not None:
            await self._cache.put(request, provider.name, model, completion)
        return completion

    async def _attempts(
        self,
        provider: LLMProvider,
        breaker: CircuitBreaker,
        request: CompletionRequest,
        spend: _Spend,
    ) -> Completion:
        retry = self._policy.retry
        timeout = min(request.timeout_s, retry.timeout_s)
        error = TransientError("no attempt made")
        for attempt in range(retry.max_retries + 1):
            if attempt > 0 and not breaker.allow():
                raise _ProviderFailed(
                    f"{provider.name} failed: circuit opened after "
                    f"{breaker.consecutive_failures} consecutive failures ({error.message})",
                    error,
                )
            try:
                async with self._limits.slot(request.tenant_id):
                    with anyio.fail_after(timeout):
                        completion = await provider.complete(request)
            except TimeoutError:
                error = TransientError(f"no answer within {timeout:g} s")
            except TransientError as exc:
                error = exc
            except PermanentError as exc:
                breaker.record_neutral()
                raise _ProviderFailed(
                    f"{provider.name} refused the request: {exc.message}", exc
                ) from exc
            except BaseException:
                breaker.record_neutral()  # cancelled: frees a half-open probe slot
                raise
            else:
                breaker.record_success()
                return await self._billed(request, completion, spend)
            breaker.record_failure()
            if attempt == retry.max_retries:
                break
            wait = error.retry_after_s
            if wait is not None and wait > retry.max_retry_after_s:
                raise _ProviderFailed(
                    f"{provider.name} asked to retry after {wait:g} s, longer than the "
                    f"{retry.max_retry_after_s:g} s the router waits ({error.message})",
                    error,
                )
            await self._sleep(retry.delay_s(attempt, wait, self._rng))
        raise _ProviderFailed(
            f"{provider.name} failed after {retry.max_retries + 1} attempts: {error.message}", error
        )

    async def _validated(
        self,
        provider: LLMProvider,
        breaker: CircuitBreaker,
        request: CompletionRequest,
        completion: Completion,
        spend: _Spend,
    ) -> Completion:
        schema = request.json_schema or {}
        parsed, errors = check(completion, schema)
        if not errors:
            return completion.model_copy(update={"parsed": parsed})
        fixed = await self._attempts(
            provider, breaker, repair_request(request, completion, errors), spend
        )
        parsed, still = check(fixed, schema)
        if still:
            raise _ProviderFailed(
                f"{provider.name} output invalid against the schema after one repair attempt "
                f"({still[0]})",
                InvalidStructuredOutput(provider.name, still),
            )
        note = f"{provider.name} first output invalid against the schema ({errors[0]}); repaired"
        return fixed.model_copy(update={"parsed": parsed, "notes": (*fixed.notes, note)})

    async def _billed(
        self, request: CompletionRequest, completion: Completion, spend: _Spend
    ) -> Completion:
        if self._accounting is not None:
            completion = self._accounting.priced(completion)
        spend.add(completion)
        return await self._record(request, completion)

    async def _record(self, request: CompletionRequest, completion: Completion) -> Completion:
        if self._accounting is None:
            return completion
        try:
            await self._accounting.record(request, completion)
        except StorageUnavailable as exc:
            note = f"usage not recorded: {exc}"
            return completion.model_copy(update={"notes": (*completion.notes, note)})
        return completion

    def _finish(
        self, completion: Completion, fell_back: list[str], notes: list[str], spend: _Spend
    ) -> Completion:
        notes = [*notes, *completion.notes]
        if fell_back:
            notes.insert(len(fell_back), f"{completion.provider} answered instead")
        update: dict[str, object] = {"fallback_from": (*completion.fallback_from, *fell_back)}
        if spend.calls > 1:
            update["usage"] = TokenUsage(
                input_tokens=spend.input_tokens, output_tokens=spend.output_tokens
            )
            update["cost_usd"] = round(spend.cost_usd, 10)
            notes.append(f"usage and cost cover all {spend.calls} billable calls for this request")
        update["notes"] = tuple(notes)
        return completion.model_copy(update=update)
