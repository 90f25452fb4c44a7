"""LLM settings from the environment, as the application's root settings will read them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from infra_mind.adapters.llm.settings import LLMSettings


class Root(BaseSettings):
    """Mirrors how config.py nests LLMSettings (prefix INFRA_MIND_, delimiter __)."""

    model_config = SettingsConfigDict(env_prefix="INFRA_MIND_", env_nested_delimiter="__")
    llm: LLMSettings = LLMSettings()


def test_default_is_offline_only() -> None:
    settings = LLMSettings()
    assert [name for name, _ in settings.chain()] == ["offline"]


def test_environment_configures_provider_and_comma_separated_fallbacks(monkeypatch) -> None:
    env = {
        "INFRA_MIND_LLM__PROVIDER": "openai",
        "INFRA_MIND_LLM__BASE_URL": "http://127.0.0.1:8080/v1",
        "INFRA_MIND_LLM__MODEL": "gemma",
        "INFRA_MIND_LLM__FALLBACKS": "claude, offline",
        "INFRA_MIND_LLM__ENDPOINTS__CLAUDE__KIND": "anthropic",
        "INFRA_MIND_LLM__ENDPOINTS__CLAUDE__API_KEY": "ak-secret",
        "INFRA_MIND_LLM__MONTHLY_BUDGET_USD": "25",
        "INFRA_MIND_LLM__PRICES": '{"gemma": {"input_per_mtok": 0.1, "output_per_mtok": 0.2}}',
        "INFRA_MIND_LLM__SCHEMA_FORMS": "json_object_schema,prompt",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    llm = Root().llm

    assert [name for name, _ in llm.chain()] == ["openai", "claude", "offline"]
    assert llm.fallbacks == ["claude", "offline"]
    assert llm.endpoints["claude"].api_key.get_secret_value() == "ak-secret"  # type: ignore[union-attr]
    assert llm.monthly_budget_usd == 25
    assert llm.prices["gemma"].output_per_mtok == 0.2
    assert llm.schema_forms == ["json_object_schema", "prompt"]


def test_offline_always_ends_the_chain() -> None:
    settings = LLMSettings(provider="openai", base_url="http://h/v1", fallbacks=[])
    assert [name for name, _ in settings.chain()] == ["openai", "offline"]


def test_unknown_fallback_names_the_variable_to_set() -> None:
    with pytest.raises(ValidationError, match="INFRA_MIND_LLM__FALLBACKS names 'vllm'"):
        LLMSettings(provider="openai", base_url="http://h/v1", fallbacks="vllm")


def test_vendor_url_without_key_is_refused_naming_the_variable() -> None:
    with pytest.raises(ValidationError, match="INFRA_MIND_LLM__API_KEY is required for openai"):
        LLMSettings(provider="openai")


def test_azure_needs_endpoint_and_deployment() -> None:
    with pytest.raises(ValidationError) as caught:
        LLMSettings(provider="azure_openai", api_key="k")
    message = str(caught.value)
    assert "INFRA_MIND_LLM__BASE_URL is required for azure_openai" in message
    assert "INFRA_MIND_LLM__AZURE_DEPLOYMENT is required" in message


def test_endpoint_problems_name_the_endpoint_variable() -> None:
    with pytest.raises(ValidationError, match="INFRA_MIND_LLM__ENDPOINTS__CLAUDE__API_KEY"):
        LLMSettings(fallbacks="claude", endpoints={"claude": {"kind": "anthropic"}})


def test_unknown_schema_form_is_refused() -> None:
    with pytest.raises(ValidationError, match="SCHEMA_FORMS: 'xml'"):
        LLMSettings(provider="openai", base_url="http://h/v1", schema_forms="xml")


def test_key_is_never_printed() -> None:
    settings = LLMSettings(provider="openai", api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(settings)
