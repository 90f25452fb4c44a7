from __future__ import annotations

import pytest

from infra_mind.config import ConfigurationError, load_settings


def test_nested_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFRA_MIND_STORAGE__BACKEND", "memory")
    monkeypatch.setenv("INFRA_MIND_REDIS__SENTINELS", "127.0.0.1:26379, 127.0.0.1:26380")
    settings = load_settings()
    assert settings.storage.backend == "memory"
    assert settings.redis.sentinels == ["127.0.0.1:26379", "127.0.0.1:26380"]


def test_invalid_settings_raise_one_message_naming_each_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INFRA_MIND_STORAGE__BACKEND", "floppy")
    monkeypatch.setenv("INFRA_MIND_ENGINE__MAX_ATTEMPTS", "0")
    with pytest.raises(ConfigurationError) as err:
        load_settings()
    message = str(err.value)
    assert "INFRA_MIND_STORAGE__BACKEND" in message
    assert "INFRA_MIND_ENGINE__MAX_ATTEMPTS" in message
    assert "floppy" not in message  # values are never echoed (they may be secrets)
