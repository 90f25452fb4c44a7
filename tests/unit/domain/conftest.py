"""One knowledge base for the domain tests (loading is pure; sharing it is safe)."""

from __future__ import annotations

import pytest

from infra_mind.domain.knowledge import KnowledgeBase, load_knowledge_base

_KB = load_knowledge_base()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return _KB
