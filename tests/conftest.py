from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """No test ever touches a real user's data directory."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("PREP_ASSISTANT_DATA_DIR", str(data))
    return data


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """Tests read messages in English unless they choose a language
    themselves: the app's default (Dutch) is tested where it matters."""
    from prep_assistant import i18n

    monkeypatch.setenv("LANGUAGE", "en")
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
