"""No secret leaves the process: settings errors and upstream LLM errors carry no values."""

from __future__ import annotations

import httpx
import pytest

from infra_mind.adapters.llm.http import raise_for_status
from infra_mind.config import ConfigurationError, load_settings
from infra_mind.domain.errors import PermanentError

SECRET = "sk-live-abcdef0123456789"


def test_an_invalid_setting_names_the_variable_but_not_the_value() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_settings(mongo={"url": f"mongodb://app:{SECRET}@db:27017", "max_pool_size": -1})
    message = str(caught.value)
    assert "INFRA_MIND_MONGO__MAX_POOL_SIZE" in message
    assert SECRET not in message


def test_an_upstream_error_echoing_the_key_is_reduced_to_status_and_category() -> None:
    body = b'{"error": {"message": "Incorrect API key provided: Bearer ' + SECRET.encode() + b'"}}'
    with pytest.raises(PermanentError) as caught:
        raise_for_status("openai", httpx.Response(401, content=body), body)
    assert str(caught.value) == "openai: HTTP 401: authentication refused"
