"""Shared test set-up: offscreen Qt, every test with its own data folder, the sample drafts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Redirect gaidesk's per-user data (drafts, settings, fonts) to a temporary folder."""
    folder = tmp_path / "gaidesk-data"
    monkeypatch.setenv("GAIDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def dazhai_path() -> Path:
    return SAMPLES / "dazhai-2025.gaidesk"


@pytest.fixture
def huaian_path() -> Path:
    return SAMPLES / "huaian-2024-tables.gaidesk"
