"""Small working providers for router tests: scripted outcomes, a clock, recorded sleeps."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import anyio

from infra_mind.ports.llm import Completion, CompletionRequest, TokenUsage

Outcome = Exception | str | dict[str, Any] | Callable[[], Any]


class ScriptedProvider:
    """Answers with the next scripted outcome: an exception is raised, a str is the text, a
    dict is the parsed object; the last outcome repeats."""

    def __init__(self, name: str, *outcomes: Outcome, model: str = "m-1", delay_s: float = 0):
        self._name = name
        self.model = model
        self._outcomes: deque[Outcome] = deque(outcomes or ("ok",))
        self.delay_s = delay_s
        self.calls: list[CompletionRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.tokens = TokenUsage(input_tokens=100, output_tokens=50)

    @property
    def name(self) -> str:
        return self._name

    async def complete(self, request: CompletionRequest) -> Completion:
        self.calls.append(request)
        outcome = self._outcomes.popleft() if len(self._outcomes) > 1 else self._outcomes[0]
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay_s:
                await anyio.sleep(self.delay_s)
        finally:
            self.in_flight -= 1
        if isinstance(outcome, Exception):
            raise outcome
        parsed = outcome if isinstance(outcome, dict) else None
        text = outcome if isinstance(outcome, str) else ""
        return Completion(
            text=text, parsed=parsed, usage=self.tokens, provider=self._name, model=self.model
        )


class FakeClock:
    def __init__(self, start: float = 100.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


class RecordedSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
