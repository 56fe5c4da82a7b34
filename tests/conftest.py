"""Shared test set-up: offscreen Qt, every test with its own data folder, the sample drafts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from tests.support.paths import DATA, SAMPLES

# No per-example deadline (a loaded CI machine is slow, not wrong). In CI the examples are
# derived from the test names, so a run there never fails on an input no developer has seen;
# local runs keep exploring new inputs.
settings.register_profile("gaidesk", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "gaidesk")

if TYPE_CHECKING:
    from gaidesk.gui.app import Controller
    from tests.support.gui import DialogLog

# The offscreen platform's own screen is 800×600; the GUI tests get an office monitor's
# 1920×1080 (tests/gui/test_screens.py tries the laptop screens, each in its own process).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={DATA / 'screen-1920x1080.json'}"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Redirect gaidesk's per-user data (drafts, settings, fonts) to a temporary folder."""
    folder = tmp_path / "gaidesk-data"
    monkeypatch.setenv("GAIDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def restore_application_font() -> Iterator[None]:
    """The window's text-size setting changes the application font; later tests get it back."""
    if "PySide6.QtWidgets" not in sys.modules:
        yield
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    font = app.font() if isinstance(app, QApplication) else None
    yield
    if font is not None and isinstance(app, QApplication):
        app.setFont(font)


@pytest.fixture
def dazhai_path() -> Path:
    return SAMPLES / "dazhai-2025.gaidesk"


@pytest.fixture
def huaian_path() -> Path:
    return SAMPLES / "huaian-2024-tables.gaidesk"


# -- GUI fixtures (imported lazily: the core tests never load Qt) -----------------------------


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Every dialog of the program answered by the test and recorded."""
    from tests.support.gui import DialogLog

    log = DialogLog()
    log.install(monkeypatch)
    return log


@pytest.fixture
def controller(data_dir: Path, log: DialogLog, qapp: object) -> Iterator[Controller]:
    """The program's controller over the test's data folder, shut down afterwards."""
    from tests.support.gui import make_controller

    yield from make_controller(data_dir)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Soak tests (minutes of repeated runs) only run when asked for with ``-m soak``."""
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="a soak test: run it with -m soak")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Empty the clipboard before the process ends: Qt's offscreen platform crashes at exit when
    the clipboard still holds mime data the program put there (the web version's HTML; Qt on
    X11 and Windows hands such data over and ends cleanly)."""
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            QApplication.clipboard().clear()
