"""Shipped knowledge base: catalogs with as-of dates and sources, loaded into KnowledgeBase."""

from infra_mind.domain.knowledge.base import KnowledgeBase, ref
from infra_mind.domain.knowledge.loader import DATA_FILES, load_knowledge_base, read_data_file

__all__ = ["DATA_FILES", "KnowledgeBase", "load_knowledge_base", "read_data_file", "ref"]
