"""Hosted-model token prices from genai-prices: dated, citing the provider's own page."""

from __future__ import annotations

from datetime import date

from infra_mind.adapters.llm.factory import price_table
from infra_mind.adapters.llm.settings import LLMSettings
from infra_mind.adapters.llm_prices.genai import maintained_prices, version
from infra_mind.config import load_settings
from infra_mind.container.core import knowledge_base
from infra_mind.domain.knowledge.sources import is_own_page


def test_known_models_get_a_dated_price_citing_the_providers_page() -> None:
    found = maintained_prices(["openai/gpt-4o", "azure/gpt-4o"])

    assert list(found) == ["openai/gpt-4o"]  # genai-prices has no Azure OpenAI deployments
    price = found["openai/gpt-4o"]
    assert (price.input_usd_per_1m, price.output_usd_per_1m) == (2.5, 10.0)
    assert price.as_of == date(2026, 11, 10)
    assert any(is_own_page("openai", s) for s in price.sources)


def test_the_knowledge_base_takes_maintained_prices_and_keeps_the_table_for_the_rest() -> None:
    kb = knowledge_base(load_settings())

    vertex = kb.hosted_model("vertex:gemini-2.5-flash")
    azure = kb.hosted_model("azure-openai:gpt-4o")
    assert (vertex.as_of, vertex.price_basis) == (date(2026, 11, 10), f"genai-prices {version()}")
    assert str(vertex.source) == "https://cloud.google.com/vertex-ai/generative-ai/pricing"
    assert (azure.as_of, azure.price_basis) == (None, None)
    assert kb.citation("hosted_model:azure-openai:gpt-4o").as_of == date(2025, 8, 1)


def test_usage_ledger_prices_a_dated_model_name_from_genai_prices() -> None:
    price = price_table(LLMSettings()).price_of("gpt-4o-mini-2024-07-18")

    assert price is not None
    assert (price.input_per_mtok, price.output_per_mtok) == (0.15, 0.6)
    assert price.source.startswith("genai-prices")
    assert price.as_of == "2026-11-10"
