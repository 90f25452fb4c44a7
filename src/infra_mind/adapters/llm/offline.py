"""The offline provider: deterministic prose and structure from the request's facts, no network."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from infra_mind.adapters.llm.offline_structured import object_from_facts
from infra_mind.ports.llm import Completion, CompletionRequest, Purpose, Role
from infra_mind.services.llm.prompt import request_data

NAME = "offline"
MODEL = "offline-deterministic-1"
MAX_CITED = 3
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "much",
        "my",
        "of",
        "on",
        "or",
        "our",
        "should",
        "the",
        "this",
        "to",
        "us",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

Leaf = tuple[tuple[str, ...], Any]


def render(value: Any) -> str:
    """A fact's value as text; numbers exactly as Python/JSON print them."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not available"
    if isinstance(value, int | float | Decimal):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(render(v) for v in value)
    return str(value)


def humanize(key: str) -> str:
    return key.replace("_", " ").replace("-", " ").strip().capitalize() or key


def leaves(facts: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> list[Leaf]:
    """Every fact as (path, value); lists of scalars stay one fact."""
    found: list[Leaf] = []
    for key, value in facts.items():
        path = (*prefix, str(key))
        if isinstance(value, Mapping):
            found.extend(leaves(value, path))
        elif isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
            for index, item in enumerate(value):
                child = item if isinstance(item, Mapping) else {"value": item}
                found.extend(leaves(child, (*path, str(index))))
        else:
            found.append((path, value))
    return found


def _sentence(path: tuple[str, ...], value: Any) -> str:
    label = " / ".join(humanize(p) for p in path)
    return f"{label} is {render(value)}"


def narrative(request: CompletionRequest) -> str:
    facts = request.facts
    if not facts:
        return "No computed facts were provided, so there is nothing to report yet."
    subject = (
        f"The {humanize(request.agent).lower()} analysis" if request.agent else "This analysis"
    )
    paragraphs = [
        f"{subject} rests on the figures below, restated exactly as the platform computed them "
        "from the submitted description and the knowledge base."
    ]
    scalars = [(k, v) for k, v in facts.items() if not isinstance(v, Mapping | list | tuple)]
    if scalars:
        paragraphs.append("Key figures: " + "; ".join(_sentence((k,), v) for k, v in scalars) + ".")
    for key, value in facts.items():
        if isinstance(value, Mapping | list | tuple):
            body = [_sentence(path[1:] or path, v) for path, v in leaves({key: value})]
            paragraphs.append(f"{humanize(key)}: " + "; ".join(body) + ".")
    return "\n\n".join(paragraphs)


def _tokens(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words} - _STOPWORDS


def question_of(request: CompletionRequest) -> str:
    data = request_data(request)
    user_text = data.get("user_text")
    if isinstance(user_text, dict) and user_text:
        if "question" in user_text:
            return str(user_text["question"])
        return " ".join(str(user_text[k]) for k in sorted(user_text))
    users = [m.content for m in request.messages if m.role is Role.USER]
    return users[-1] if users else ""


def relevant(question: str, facts: Mapping[str, Any], limit: int = MAX_CITED) -> list[Leaf]:
    """Facts ranked by words shared with the question (key words count double); ties keep
    the facts' own order."""
    wanted = _tokens(question)
    scored = []
    for index, (path, value) in enumerate(leaves(facts)):
        key_words = _tokens(" ".join(path).replace("_", " "))
        score = 2 * len(wanted & key_words) + len(wanted & _tokens(render(value)))
        if score > 0:
            scored.append((-score, index, path, value))
    return [(path, value) for _, _, path, value in sorted(scored)[:limit]]


def chat(request: CompletionRequest) -> str:
    question = question_of(request)
    picked = relevant(question, request.facts)
    if not picked:
        topics = ", ".join(humanize(k) for k in request.facts) or "nothing yet"
        return f"The assessment facts do not answer that directly. They cover: {topics}."
    cited = [f"{_sentence(path, value)} [{'.'.join(path)}]" for path, value in picked]
    return "From the assessment facts: " + ". ".join(cited) + "."


class OfflineProvider:
    """Writes from ``request.facts`` only: same request, same answer, no cost."""

    model = MODEL

    @property
    def name(self) -> str:
        return NAME

    async def complete(self, request: CompletionRequest) -> Completion:
        started = time.perf_counter()
        parsed: dict[str, Any] | None = None
        if request.json_schema is not None:
            parsed = object_from_facts(request.json_schema, request.facts)
            text = json.dumps(parsed, sort_keys=True, default=str)
        elif request.purpose is Purpose.STRUCTURED:
            parsed = dict(request.facts)
            text = json.dumps(parsed, sort_keys=True, default=str)
        elif request.purpose is Purpose.CHAT:
            text = chat(request)
        else:
            text = narrative(request)
        return Completion(
            text=text,
            parsed=parsed,
            provider=NAME,
            model=MODEL,
            latency_ms=(time.perf_counter() - started) * 1000,
        )
