"""What the clerk is told and shown around output: messages that do not go stale, file names,
dialogs, the drafts list following the folder, figures she can read."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk.gui.app import Controller
from gaidesk.gui.mainwindow import WizardWindow
from gui_helpers import DialogLog, open_copy

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def window(controller: Controller, dazhai_path: Path, qtbot: object) -> WizardWindow:
    window = open_copy(controller, dazhai_path)
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    return window


def test_a_passing_status_message_leaves_the_counts_in_place(window: WizardWindow) -> None:
    counts = window.counts_label
    assert counts.isVisible() and counts.text()
    before = counts.geometry()
    window.statusBar().showMessage("已另存为 某个很长很长的文件夹名称/大寨镇2025年报告.gaidesk", 8000)
    assert counts.isVisible()
    assert counts.geometry() == before
    assert window.statusBar().currentMessage()
