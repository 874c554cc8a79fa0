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


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
