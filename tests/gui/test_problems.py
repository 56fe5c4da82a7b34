"""The problems panel: one problem per cause, starting at the step she is on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gaidesk import format as fmt
from gaidesk.gui.app import Controller
from gaidesk.gui.steps import STEPS
from gaidesk.gui.table.model import SeverityRole
from gaidesk.gui.theme import WARNING_BG
from tests.support.gui import open_copy

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_panel_starts_at_this_steps_problems_one_per_cause(
    controller: Controller, dazhai_path: Path
) -> None:
    window = open_copy(controller, dazhai_path)
    window.resize(1500, 1000)
    window.show()
    window.document.set_meta(agency="")  # a problem on 基本信息, first in the report
    window.document.set_cell("t3.new.natural", 2)  # one wrong number in table 3
    t3 = next(i for i, s in enumerate(STEPS) if s.section and s.section.table == "t3")
    row = window.problems.fontMetrics().height()
    window.resizeDocks([window.problems_dock], [row * 3], Qt.Orientation.Vertical)
    QApplication.processEvents()
    window.go_to_step(t3)
    QApplication.processEvents()
    tree = window.problems
    messages = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    table3 = [m for m in messages if m.startswith("自然人列") or m.startswith("总计列")]
    assert len(table3) == 1 and "总计列因此也不相符" in table3[0]
    current = tree.currentItem()
    assert current is not None and current.text(0) == table3[0]
    assert tree.viewport().rect().contains(tree.visualItemRect(current).topLeft())
    # The 总计 cells stay marked, pointing at the column that caused them.
    page = window.table_pages["t3"]
    assert window.document.severity_at("t3.carried_out.total") == "error"
    assert "自然人列" in window.document.findings_at("t3.carried_out.total")[0].message
    assert page.balance is not None  # type: ignore[attr-defined]


def test_review_warnings_reach_the_problems_list_and_mark_their_places(
    controller: Controller, dazhai_path: Path
) -> None:
    """The reviewer's checks are live in the wizard: listed, and their cells and parts marked."""
    window = open_copy(controller, dazhai_path)
    window.resize(1500, 1000)
    window.show()
    document = window.document
    oversight = fmt.OVERSIGHT_PART.address
    rules_issued = fmt.cell(fmt.T2, fmt.T2_RULES_ITEM, "issued")
    document.set_cell(rules_issued, 2)  # a township with 规章
    document.set_text(fmt.PROBLEMS_PARTS[0].key, "暂无明显问题。")
    QApplication.processEvents()
    tree = window.problems
    shown = {f.rule: f for f in document.findings}
    assert {"T2-TOWNSHIP", "S1-OVERSIGHT", "S5-BRIEF"} <= set(shown)
    messages = [
        item.text(0)
        for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
        for item in (item, *(item.child(c) for c in range(item.childCount())))
    ]
    for rule in ("T2-TOWNSHIP", "S1-OVERSIGHT", "S5-BRIEF"):
        assert shown[rule].message in messages
    # The 规章 cell is yellow in table 2, 监督保障 and 主要问题 show their warnings.
    model = window.table_pages["t2"].model  # type: ignore[attr-defined]
    index = model.index_of(rules_issued)
    assert model.data(index, SeverityRole) == "warning"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == WARNING_BG
    assert shown["T2-TOWNSHIP"].message in model.data(index, Qt.ItemDataRole.ToolTipRole)
    page = window.narrative_pages["一"]
    editor = page.editors[fmt.text_key(oversight)]
    assert document.severity_at(oversight) == "warning"
    assert editor.message.text() == shown["S1-OVERSIGHT"].message
    document.set_cell(rules_issued, 0)
    QApplication.processEvents()
    assert "T2-TOWNSHIP" not in {f.rule for f in document.findings}
    assert model.data(index, SeverityRole) is None
