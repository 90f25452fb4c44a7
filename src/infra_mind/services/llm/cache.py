"""Exact-match completion cache: same tenant, provider, model, prompt and parameters, or a miss."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from pydantic import ValidationError

from infra_mind.domain.errors import StorageUnavailable
from infra_mind.ports.cache import Cache
from infra_mind.ports.llm import Completion, CompletionRequest

KEY_VERSION = "v1"


def prompt_digest(request: CompletionRequest) -> str:
    """sha256 over everything that shapes the answer: messages, facts, schema and parameters."""
    material = {
        "messages": [[m.role.value, m.content] for m in request.messages],
        "facts": request.facts,
        "purpose": request.purpose.value,
        "json_schema": request.json_schema,
        "schema_name": request.schema_name,
        "max_tokens": request.max_tokens,
        "temperature": request.temperature,
    }
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def cache_key(request: CompletionRequest, provider: str, model: str) -> str:
    """``llm:v1:<tenant>:<provider>:<model>:<digest>``; parts are percent-encoded so none can
    spill into another (a tenant id containing ``:`` cannot reach another tenant's keys)."""
    parts = (request.tenant_id, provider, model)
    encoded = ":".join(quote(p, safe="") for p in parts)
    return f"llm:{KEY_VERSION}:{encoded}:{prompt_digest(request)}"


class CompletionCache:
    """Completions stored under :func:`cache_key` for ``ttl_s`` seconds.

    Never similarity: a different character anywhere is a different key. A
    store that is down, or an entry that no longer parses, is a miss.
    """

    def __init__(self, cache: Cache, ttl_s: float) -> None:
        self._cache = cache
        self._ttl_s = ttl_s

    async def get(self, request: CompletionRequest, provider: str, model: str) -> Completion | None:
        key = cache_key(request, provider, model)
        try:
            raw = await self._cache.get(key)
        except StorageUnavailable:
            return None
        if raw is None:
            return None
        try:
            return Completion.model_validate_json(raw)
        except ValidationError:
            await self._forget(key)
            return None

    async def put(
        self, request: CompletionRequest, provider: str, model: str, completion: Completion
    ) -> None:
        key = cache_key(request, provider, model)
        try:
            await self._cache.set(key, completion.model_dump_json().encode(), self._ttl_s)
        except StorageUnavailable:
            return

    async def _forget(self, key: str) -> None:
        try:
            await self._cache.delete(key)
        except StorageUnavailable:
            return
