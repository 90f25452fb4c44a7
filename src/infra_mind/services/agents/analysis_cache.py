"""The per-registry memo of the deployment analysis, keyed by the input."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.precision_fallback import analyse


class AnalysisCache:
    """Memoises ``analyse`` per input for the agents of one registry: eleven analysts read the
    same analysis, and it is pure, so it is computed once per distinct input (LRU-bounded)."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._entries: OrderedDict[str, Analysis] = OrderedDict()

    def get(self, kb: KnowledgeBase, data: AssessmentInput) -> Analysis:
        key = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
        found = self._entries.get(key)
        if found is None:
            found = analyse(kb, data)
            self._entries[key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        self._entries.move_to_end(key)
        return found
