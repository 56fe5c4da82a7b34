"""Keyboard habits from Excel and WPS: Enter after a run of Tabs, Ctrl+arrows, Ctrl+Home/End,
undo showing its cell, a word when typing into a total, F8/Shift+F8 through the problems in
report order, and F6/Ctrl+Tab out of the grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from gaidesk.gui.app import Controller
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.steps import STEPS, finding_order, report_order
from gaidesk.gui.table.page import TablePage
from gaidesk.gui.wizard.window import WizardWindow
from tests.support.gui import ime_commit, library_copy, shown_table_page

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def here(page: TablePage) -> str:
    return page.model.address_at(page.view.currentIndex())


def test_enter_after_tabs_returns_to_the_column_where_the_run_began(
    qtbot: QtBot, document: ReportDocument
) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.new.commercial")
    for digit in "123":
        qtbot.keyClicks(page.view, digit)
        qtbot.keyClick(page.view.focusWidget(), Qt.Key.Key_Tab)
    assert here(page) == "t3.new.legal"
    qtbot.keyClicks(page.view, "4")
    qtbot.keyClick(page.view.focusWidget(), Qt.Key.Key_Return)
    assert [
        document.value(f"t3.new.{c}") for c in ("commercial", "research", "social", "legal")
    ] == [
        1,
        2,
        3,
        4,
    ]
    assert here(page) == "t3.carried_in.commercial"  # back under where she started
    # Tabs without typing, then Enter: the same; an arrow key ends the run.
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert here(page) == "t3.granted.commercial"
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    qtbot.keyClick(page.view, Qt.Key.Key_Right)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert here(page) == "t3.partial.social"  # plain Enter: straight down


def test_ctrl_arrows_and_ctrl_home_end_jump_to_the_edges(
    qtbot: QtBot, document: ReportDocument
) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.granted.research")
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(page.view, Qt.Key.Key_Right, ctrl)
    assert here(page) == "t3.granted.other"  # the last typed column (总计 is computed)
    qtbot.keyClick(page.view, Qt.Key.Key_Left, ctrl)
    assert here(page) == "t3.granted.natural"
    qtbot.keyClick(page.view, Qt.Key.Key_Up, ctrl)
    assert here(page) == "t3.new.natural"
    qtbot.keyClick(page.view, Qt.Key.Key_Down, ctrl)
    assert here(page) == "t3.carried_out.natural"
    qtbot.keyClick(page.view, Qt.Key.Key_Home, ctrl)
    assert here(page) == "t3.new.natural"
    qtbot.keyClick(page.view, Qt.Key.Key_End, ctrl)
    assert here(page) == "t3.carried_out.other"


def test_typing_into_a_total_says_why(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.new.natural")
    qtbot.keyClick(page.view, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
    page.view.setCurrentIndex(page.model.index_of("t3.new.total"))
    before = document.value("t3.new.total")
    qtbot.keyClicks(page.view, "5")
    assert document.value("t3.new.total") == before
    assert page.notice.isVisible() and "自动相加" in page.notice.text()
    page.notice.hide()
    event = QInputMethodEvent("", [])
    event.setCommitString("５")
    QApplication.sendEvent(page.view, event)
    assert page.notice.isVisible() and "不用填写" in page.notice.text()


def test_escape_cancels_an_edit(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.new.natural")
    before = document.value("t3.new.natural")
    qtbot.keyClicks(page.view, "77")
    qtbot.keyClick(page.view.focusWidget(), Qt.Key.Key_Escape)
    assert document.value("t3.new.natural") == before
    assert here(page) == "t3.new.natural"


def _open(controller: Controller, dazhai_path: Path, qtbot: QtBot) -> WizardWindow:
    window = controller.open_draft(library_copy(controller, dazhai_path))
    assert window is not None
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _step(table: str) -> int:
    return next(i for i, s in enumerate(STEPS) if s.section and s.section.table == table)


def _grid_in_focus(window: WizardWindow, table: str) -> QTableView:
    """Goes to the step of ``table`` and puts the keyboard focus in its grid."""
    window.go_to_step(_step(table))
    view: QTableView = window.table_pages[table].view  # type: ignore[attr-defined]
    view.setFocus()
    return view


def test_undo_and_redo_show_the_changed_cell(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    window.go_to_step(_step("t3"))
    page = window.table_pages["t3"]
    page.focus_address("t3.granted.social")  # type: ignore[attr-defined]
    qtbot.keyClicks(page.view, "9")  # type: ignore[attr-defined]
    qtbot.keyClick(page.view.focusWidget(), Qt.Key.Key_Return)  # type: ignore[attr-defined]
    page.focus_address("t3.new.natural")  # type: ignore[attr-defined]
    window.go_to_step(_step("t2"))
    window.table_pages["t2"].view.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(window.table_pages["t2"].view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert window.current_step == _step("t3")
    assert here(page) == "t3.granted.social"  # type: ignore[arg-type]
    selected = {page.model.address_at(i) for i in page.view.selectedIndexes()}  # type: ignore[attr-defined]
    assert selected == {"t3.granted.social"}


def _with_problems(window: WizardWindow) -> list[str]:
    """Problems in three places (基本信息, table 3, 六) and their addresses in report order."""
    doc = window.document
    doc.set_cell("t3.new.natural", 2)  # table 3 no longer balances (its 自然人 column)
    doc.set_meta(agency="")  # 基本信息: no body
    ordered = sorted((finding_order(f), f.cells[0]) for f in doc.findings if f.cells)
    return list(dict.fromkeys(a for _, a in ordered))


def test_f8_and_shift_f8_follow_the_report_order_from_the_cursor(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    addresses = _with_problems(window)
    assert len(addresses) >= 3
    # In table 3, F8 goes to the first problem after the cursor, not the report's first.
    window.go_to_step(_step("t3"))
    window.table_pages["t3"].focus_address("t3.granted.natural")  # type: ignore[attr-defined]
    cursor = report_order("t3.granted.natural")
    first = next(a for a in addresses if report_order(a) > cursor)
    assert first != addresses[0]
    visited = []
    for _ in range(len(addresses) + 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
        visited.append(window.cursor_address())
    # Every problem once, in report order, round to the first after the last.
    start = addresses.index(first)
    assert visited == addresses[start:] + addresses[:start] + [first]
    # Shift+F8 walks back the same way, round to the last before the first.
    back = []
    for _ in range(len(addresses)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
        back.append(window.cursor_address())
    ring = addresses[start:] + addresses[:start]
    assert back == [ring[(-1 - i) % len(ring)] for i in range(len(ring))]


def test_f8_waits_while_an_input_method_is_composing(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    _with_problems(window)
    narrative = next(i for i, s in enumerate(STEPS) if s.kind == "narrative")
    window.go_to_step(narrative)
    editor = window.page(narrative).first_editor().editor  # type: ignore[attr-defined]
    editor.setFocus()
    ime_commit(editor, "本年度")
    composing = QInputMethodEvent("gongkai", [])
    QApplication.sendEvent(editor, composing)
    qtbot.keyClick(editor, Qt.Key.Key_F8)
    assert window.current_step == narrative and QApplication.focusWidget() is editor
    finished = QInputMethodEvent("", [])
    finished.setCommitString("公开")
    QApplication.sendEvent(editor, finished)
    assert "本年度公开" in editor.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_F8)
    assert QApplication.focusWidget() is not editor


def test_f6_and_ctrl_tab_leave_the_grid(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    view = _grid_in_focus(window, "t3")
    qtbot.keyClick(view, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.problems
    qtbot.keyClick(window.problems, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.steps
    qtbot.keyClick(window.steps, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.steps


def test_ctrl_plus_and_minus_zoom_the_grid_on_a_table_step(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    view = _grid_in_focus(window, "t3")
    text_size = controller.settings.text_size
    row = view.rowHeight(5)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view, Qt.Key.Key_Minus, ctrl)
    qtbot.keyClick(view, Qt.Key.Key_Minus, ctrl)
    assert controller.settings.grid_zoom == 80
    assert view.rowHeight(5) < row  # smaller rows: more of table 3 on the screen
    assert controller.settings.text_size == text_size  # the rest of the program unchanged
    qtbot.keyClick(view, Qt.Key.Key_Equal, ctrl)
    assert controller.settings.grid_zoom == 90
    qtbot.keyClick(view, Qt.Key.Key_0, ctrl)
    assert controller.settings.grid_zoom == 100 and view.rowHeight(5) == row


def test_f1_opens_the_guide_at_the_steps_section(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    view = _grid_in_focus(window, "t3")
    qtbot.keyClick(view, Qt.Key.Key_F1)
    guide = window.guide
    assert guide.isVisible()
    browser = guide.browser  # type: ignore[attr-defined]
    assert "用户指南" in browser.toPlainText() and "F8" in browser.toPlainText()
    # The table step's section is at the top of the view, not the guide's first page.
    top = browser.cursorForPosition(browser.viewport().rect().topLeft() + QPoint(5, 5))
    assert browser.verticalScrollBar().value() > 0
    assert "键盘操作" in top.block().text() or top.block().position() > 0
    assert guide.show_section("check").startswith("五、导出")
    guide.close()


def test_every_button_has_an_alt_letter(
    qtbot: QtBot, controller: Controller, dazhai_path: Path
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    window.build_pages()
    home = controller.home
    buttons = [*home.findChildren(QPushButton), *window.findChildren(QPushButton)]
    labelled = [b for b in buttons if b.text() and b.parent() is not None]
    missing = [b.text() for b in labelled if "&" not in b.text() and b.text() != "✕"]
    # The banner's button takes the text of each message; everything else has its letter.
    missing = [t for t in missing if t != window.banner.action_button.text()]
    assert not missing
    window.go_to_step(0)
    window.basic_page.agency.setFocus()
    qtbot.keyClick(window.basic_page.agency, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.current_step == 1)  # a mnemonic animates the click


def test_ctrl_e_in_an_open_cell_exports(
    qtbot: QtBot, controller: Controller, dazhai_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(controller, dazhai_path, qtbot)
    asked: list[str] = []
    monkeypatch.setattr(window.exporter, "export_pdf", lambda: asked.append("pdf"))
    window.go_to_step(_step("t3"))
    page = window.table_pages["t3"]
    page.focus_address("t3.new.natural")  # type: ignore[attr-defined]
    qtbot.keyClicks(page.view, "5")  # type: ignore[attr-defined]
    editor = QApplication.focusWidget()
    assert editor is not page.view  # type: ignore[attr-defined]  # the cell's editor is open
    # On Linux a line edit claims Ctrl+E (「end of line」) before any shortcut sees it; the
    # cell's editor gives it up, whatever the desktop's key scheme.
    override = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier, "\x05"
    )
    delegate = page.view.itemDelegate()  # type: ignore[attr-defined]
    assert delegate.eventFilter(editor, override) and not override.isAccepted()
    qtbot.keyClick(editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["pdf"]
