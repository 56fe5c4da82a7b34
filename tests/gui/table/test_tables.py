"""The table steps: the official grid, spreadsheet typing, paste, undo and the live colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from gaidesk import draft
from gaidesk import format as fmt
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.table.model import (
    KindRole,
    PreviousRole,
    ReportTableModel,
    SeverityRole,
    split_clipboard,
)
from gaidesk.gui.table.page import TablePage
from gaidesk.gui.theme import ERROR_BG
from gaidesk.model import Report
from tests.support.gui import shown_table_page

# The offscreen platform says this whenever a top-level window is shown; it is not our warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def send_text(widget: QWidget, text: str) -> None:
    """Key presses carrying text, as a keyboard or a Chinese input method in full-width mode
    sends them (QTest.keyClicks only knows Latin-1)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = widget.window().focusWidget() or widget
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def type_into(qtbot: QtBot, page: TablePage, address: str, text: str) -> None:
    page.focus_address(address)
    send_text(page.view, text)
    editor = page.view.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def current_address(page: TablePage) -> str:
    return page.model.address_at(page.view.currentIndex())


@pytest.mark.parametrize("key", ["t2", "t3", "t4"])
def test_models_pass_the_qt_model_tester(qtmodeltester, document: ReportDocument, key: str) -> None:  # type: ignore[no-untyped-def]
    model = ReportTableModel(document, key)
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize("key", ["t2", "t3", "t4"])
def test_grid_shows_every_official_label_and_merge(
    qtbot: QtBot, document: ReportDocument, key: str
) -> None:
    page = shown_table_page(qtbot, document, key)
    table = fmt.TABLES[key]
    model = page.model
    for cell in table.grid:
        index = model.index(cell.row, cell.col)
        if cell.is_value:
            assert model.data(index, Qt.ItemDataRole.DisplayRole) == str(
                document.value(cell.address)
            )
        else:
            assert model.data(index, Qt.ItemDataRole.DisplayRole) == cell.text
            assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert page.view.rowSpan(cell.row, cell.col) == cell.rowspan
        assert page.view.columnSpan(cell.row, cell.col) == cell.colspan
    assert page.view.horizontalHeader().isHidden() and page.view.verticalHeader().isHidden()


def test_totals_are_read_only_and_look_different(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    model = page.model
    total = model.index_of("t3.new.total")
    value = model.index_of("t3.new.natural")
    assert model.data(total, KindRole) == "total"
    assert not model.flags(total) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(value) & Qt.ItemFlag.ItemIsEditable
    assert model.data(total, Qt.ItemDataRole.BackgroundRole) != model.data(
        value, Qt.ItemDataRole.BackgroundRole
    )
    assert model.data(total, Qt.ItemDataRole.FontRole).bold()
    assert not model.setData(total, "5")
    assert document.value("t3.new.total") == 0
    # The keyboard does not open an editor on a total either.
    page.view.setCurrentIndex(total)
    qtbot.keyClicks(page.view, "7")
    assert document.value("t3.new.total") == 0


def test_typing_replaces_and_enter_moves_down(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    document.set_cell("t3.new.natural", 45)
    type_into(qtbot, page, "t3.new.natural", "3")
    assert document.value("t3.new.natural") == 3  # replaced, not appended
    assert current_address(page) == "t3.carried_in.natural"
    # Enter skips the computed 总计 row on its way down.
    page.focus_address("t3.other_other.natural")
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert current_address(page) == "t3.carried_out.natural"
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert current_address(page) == "t3.other_other.natural"


def test_tab_moves_right_and_skips_totals(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.new.natural")
    qtbot.keyClicks(page.view, "2")
    qtbot.keyClick(page.view.focusWidget(), Qt.Key.Key_Tab)
    assert document.value("t3.new.natural") == 2
    assert current_address(page) == "t3.new.commercial"
    page.focus_address("t3.new.other")
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert current_address(page) == "t3.carried_in.natural"  # past 总计, to the next row
    qtbot.keyClick(page.view, Qt.Key.Key_Backtab)
    assert current_address(page) == "t3.new.other"
    qtbot.keyClick(page.view, Qt.Key.Key_Right)
    assert current_address(page) == "t3.new.other"  # nothing editable to the right
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert current_address(page) == "t3.carried_in.other"


def test_arrows_skip_labels_in_table_2(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t2")
    page.focus_address("t2.normative_docs.issued")
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert current_address(page) == "t2.licensing.decisions"  # over two header rows
    qtbot.keyClick(page.view, Qt.Key.Key_Left)
    assert current_address(page) == "t2.licensing.decisions"  # labels are skipped
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    assert current_address(page) == "t2.normative_docs.issued"


def test_fee_cell_keeps_its_decimal(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t2")
    type_into(qtbot, page, "t2.fees.amount", "190.457379")
    assert document.value("t2.fees.amount") == "190.457379"
    type_into(qtbot, page, "t2.licensing.decisions", "1.5")
    assert document.value("t2.licensing.decisions") == 0


def test_full_width_digits_and_separators(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    type_into(qtbot, page, "t3.new.natural", "１２")
    assert document.value("t3.new.natural") == 12
    type_into(qtbot, page, "t3.new.commercial", "1,234")
    assert document.value("t3.new.commercial") == 1234
    type_into(qtbot, page, "t3.new.research", " 5 ")
    assert document.value("t3.new.research") == 5


def test_input_method_starts_an_edit(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.new.natural")
    event = QInputMethodEvent()
    event.setCommitString("３")
    QGuiApplication.sendEvent(page.view, event)
    editor = page.view.focusWidget()
    assert editor is not page.view
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert document.value("t3.new.natural") == 3


def test_letters_are_refused_and_the_value_kept(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    document.set_cell("t3.new.natural", 7)
    with qtbot.waitSignal(page.message) as blocker:
        type_into(qtbot, page, "t3.new.natural", "abc")
    assert document.value("t3.new.natural") == 7
    assert "不是数字" in blocker.args[0]
    assert "本年新收（自然人）" in blocker.args[0]
    assert page.notice.isVisible() and "不是数字" in page.notice.text()
    assert current_address(page) == "t3.new.natural"  # stays for a correction
    with qtbot.waitSignal(page.message):
        type_into(qtbot, page, "t3.new.natural", "-3")
    with qtbot.waitSignal(page.message):
        type_into(qtbot, page, "t3.new.natural", "2.5")
    assert document.value("t3.new.natural") == 7
    assert document.undo_stack.count() == 1  # only the set-up, no refused step


def test_unbalanced_table_3_turns_red_and_clears(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    model = page.model
    assert page.balance is not None
    assert all(ok for _, ok, _ in page.balance.column_states())
    type_into(qtbot, page, "t3.new.natural", "5")
    balance = [f for f in document.findings if f.rule == "T3-BALANCE"]
    assert balance and any("t3.new.natural" in f.cells for f in balance)
    red = model.index_of("t3.new.natural")
    assert model.data(red, SeverityRole) == "error"
    assert model.data(red, Qt.ItemDataRole.BackgroundRole) == ERROR_BG
    tooltip = model.data(red, Qt.ItemDataRole.ToolTipRole)
    assert "相差" in tooltip
    states = dict((label, ok) for label, ok, _ in page.balance.column_states())
    assert states["自然人"] is False and states["商业企业"] is True
    # Fix it: five granted applications balance the column again.
    type_into(qtbot, page, "t3.granted.natural", "5")
    assert not [f for f in document.findings if f.rule == "T3-BALANCE"]
    assert model.data(red, SeverityRole) is None
    assert model.data(red, Qt.ItemDataRole.BackgroundRole) != ERROR_BG
    assert all(ok for _, ok, _ in page.balance.column_states())


def test_colours_change_only_where_needed(qtbot: QtBot, document: ReportDocument) -> None:
    model = ReportTableModel(document, "t3")
    changed: list[str] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(model.address_at(top)))
    document.set_cell("t3.new.commercial", 2)
    assert "t3.new.commercial" in changed and "t3.new.total" in changed
    assert "t3.granted.social" not in changed
    assert len(changed) < 20


def test_paste_block_is_one_undo_step(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    steps = document.undo_stack.count()
    QGuiApplication.clipboard().setText("1\t2\t3\t4\r\n5\t6\t7\t8\r\n9\t１０\t1,100\t12\r\n")
    page.focus_address("t3.granted.natural")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert document.undo_stack.count() == steps + 1
    assert document.value("t3.granted.natural") == 1
    assert document.value("t3.granted.social") == 4
    assert document.value("t3.partial.commercial") == 6
    assert document.value("t3.denied_state_secret.research") == 1100
    assert document.value("t3.denied_state_secret.social") == 12
    assert document.value("t3.granted.total") == 10
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.value("t3.granted.natural") == 0
    assert document.value("t3.denied_state_secret.social") == 0


def test_refused_paste_names_the_cells_and_changes_nothing(
    qtbot: QtBot, document: ReportDocument
) -> None:
    page = shown_table_page(qtbot, document, "t3")
    before = dict(document.report.cells)
    steps = document.undo_stack.count()
    QGuiApplication.clipboard().setText("1\t2\tx\n4\t-5\t6\n")
    page.focus_address("t3.granted.natural")
    with qtbot.waitSignal(page.message) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    text = blocker.args[0]
    assert "予以公开（科研机构）" in text
    assert "部分公开（商业企业）" in text
    assert document.report.cells == before
    assert document.undo_stack.count() == steps
    # Landing on a computed total or past the table's edge is refused as well.
    QGuiApplication.clipboard().setText("1\t2\t3")
    page.focus_address("t3.new.other")
    with qtbot.waitSignal(page.message) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "本年新收（总计）" in blocker.args[0]
    assert "超出" in blocker.args[0]
    assert document.report.cells == before
    # A total that does not add up is named; one that does is taken as a check.
    QGuiApplication.clipboard().setText("1\t2\t9")
    page.focus_address("t3.new.legal")
    with qtbot.waitSignal(page.message) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "本年新收（总计）" in blocker.args[0] and "3" in blocker.args[0]
    assert document.report.cells == before


def test_copy_gives_tab_separated_text(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    document.set_cells({"t3.new.natural": 3, "t3.new.commercial": 4, "t3.carried_in.natural": 1})
    model = page.model
    page.view.setCurrentIndex(model.index_of("t3.new.natural"))
    selection = page.view.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection.select(
        QItemSelection(
            model.index_of("t3.new.natural"), model.index_of("t3.carried_in.commercial")
        ),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "3\t4\n1\t0"
    # What we copy pastes back.
    page.focus_address("t3.granted.natural")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert document.value("t3.granted.commercial") == 4
    assert document.value("t3.partial.natural") == 1


def test_a_single_value_fills_a_selection(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t4")
    model = page.model
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    page.view.setCurrentIndex(model.index_of("t4.review.upheld"))
    page.view.selectionModel().select(
        QItemSelection(model.index_of("t4.review.upheld"), model.index_of("t4.review.total")),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    QGuiApplication.clipboard().setText("2\n")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert document.value("t4.review.pending") == 2
    assert document.value("t4.review.total") == 8


def test_delete_clears_a_selection_to_zero(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t4")
    document.set_cells({"t4.review.upheld": 3, "t4.review.corrected": 2, "t4.review.other": 1})
    model = page.model
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    page.view.setCurrentIndex(model.index_of("t4.review.upheld"))
    page.view.selectionModel().select(
        QItemSelection(model.index_of("t4.review.upheld"), model.index_of("t4.review.total")),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    steps = document.undo_stack.count()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert [document.value(f"t4.review.{k}") for k, _ in fmt.T4_COLUMNS] == [0, 0, 0, 0, 0]
    assert document.undo_stack.count() == steps + 1
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.value("t4.review.total") == 6


def test_undo_and_redo_across_several_edits(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t4")
    type_into(qtbot, page, "t4.review.upheld", "1")
    type_into(qtbot, page, "t4.review.corrected", "2")
    type_into(qtbot, page, "t4.litigation_direct.pending", "3")
    assert document.value("t4.review.total") == 3
    page.view.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(page.view, Qt.Key.Key_Z, ctrl)
    assert document.value("t4.litigation_direct.pending") == 0
    qtbot.keyClick(page.view, Qt.Key.Key_Z, ctrl)
    assert document.value("t4.review.corrected") == 0
    assert document.value("t4.review.total") == 1
    qtbot.keyClick(page.view, Qt.Key.Key_Y, ctrl)
    assert document.value("t4.review.corrected") == 2
    qtbot.keyClick(page.view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert document.value("t4.litigation_direct.pending") == 3
    assert document.value("t4.litigation_direct.total") == 3


def test_last_years_figures_on_demand(qtbot: QtBot, huaian_path: Path) -> None:
    previous = draft.parse(huaian_path.read_bytes())
    document = ReportDocument(Report.blank("淮安市人民政府", 2025), previous=previous)
    page = shown_table_page(qtbot, document, "t3")
    model = page.model
    index = model.index_of("t3.new.natural")
    assert page.previous_toggle.isVisible()
    assert model.data(index, PreviousRole) is None
    page.previous_toggle.setChecked(True)
    assert model.data(index, PreviousRole) == f"{previous.cells['t3.new.natural']:,}"
    assert "上年：" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    previous.cells["t3.new.natural"] = 1234567
    previous.cells["t2.fees.amount"] = "12345.5"
    assert model.data(index, PreviousRole) == "1,234,567"  # grouped, as printed tables are
    assert "上年：1,234,567" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    fee = shown_table_page(qtbot, document, "t2")
    fee.previous_toggle.setChecked(True)
    assert fee.model.data(fee.model.index_of("t2.fees.amount"), PreviousRole) == "12,345.5"
    page.previous_toggle.setChecked(False)
    assert model.data(index, PreviousRole) is None


def test_no_toggle_without_last_year(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t2")
    assert not page.previous_toggle.isVisible()


def test_split_clipboard() -> None:
    assert split_clipboard("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert split_clipboard("1\t2\n3\t4") == [["1", "2"], ["3", "4"]]
    assert split_clipboard("7") == [["7"]]
    assert split_clipboard("1\t\t\n") == [["1", "", ""]]


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("key", ["t2", "t3", "t4"])
def test_pages_render(
    qtbot: QtBot, document: ReportDocument, tmp_path: Path, key: str, size: tuple[int, int]
) -> None:
    # The window's side list and bars take the rest of the screen.
    page = shown_table_page(qtbot, document, key, (size[0] - 260, size[1] - 120))
    out = tmp_path / f"{key}.png"
    assert page.grab().save(str(out))
    assert out.stat().st_size > 10_000
    # The whole width of every table fits the window without scrolling sideways.
    assert page.view.horizontalScrollBar().maximum() == 0


# --------------------------------------------------------------------------------------------
# 「-」「/」「无」 for none, 「1.0」, and messages that go when they no longer apply


@pytest.mark.parametrize("typed", ["-", "—", "/", "无", "－", "——"])
def test_a_dash_typed_in_table_3_is_0_with_a_note(
    qtbot: QtBot, document: ReportDocument, typed: str
) -> None:
    page = shown_table_page(qtbot, document, "t3")
    document.set_cell("t3.new.natural", 7)
    with qtbot.waitSignal(page.message) as blocker:
        type_into(qtbot, page, "t3.new.natural", typed)
    assert document.value("t3.new.natural") == 0
    assert "按 0 填入" in blocker.args[0] and "本年新收（自然人）" in blocker.args[0]
    assert page.notice.isVisible() and "按 0 填入" in page.notice.text()
    assert current_address(page) != "t3.new.natural"  # taken: Enter moved on


def test_a_pasted_block_with_dashes_is_taken(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    QGuiApplication.clipboard().setText("1\t-\t/\t4\r\n—\t6\t无\t1.0\r\n")
    page.focus_address("t3.granted.natural")
    with qtbot.waitSignal(page.message) as blocker:
        qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "4 格" in blocker.args[0] and "按 0 填入" in blocker.args[0]
    assert document.value("t3.granted.natural") == 1
    assert document.value("t3.granted.commercial") == 0
    assert document.value("t3.granted.research") == 0
    assert document.value("t3.partial.natural") == 0
    assert document.value("t3.partial.social") == 1  # 「1.0」


def test_table_4_takes_dashes_table_2_does_not(qtbot: QtBot, document: ReportDocument) -> None:
    from gaidesk.model import InputError, parse_cell_input

    t4 = shown_table_page(qtbot, document, "t4")
    document.set_cell("t4.review.upheld", 2)
    with qtbot.waitSignal(t4.message):
        type_into(qtbot, t4, "t4.review.upheld", "/")
    assert document.value("t4.review.upheld") == 0
    with pytest.raises(InputError):
        parse_cell_input("t2.rules.issued", "-")


@pytest.mark.parametrize(("typed", "value"), [("1.0", 1), ("12.00", 12), ("３．０", 3)])
def test_a_whole_number_with_zero_decimals_is_taken(typed: str, value: int) -> None:
    from gaidesk.model import parse_cell_input

    assert parse_cell_input("t3.new.natural", typed) == value


@pytest.mark.parametrize("typed", ["1.5", "0.1", "-1.0"])
def test_a_real_fraction_is_still_refused(typed: str) -> None:
    from gaidesk.model import InputError, parse_cell_input

    with pytest.raises(InputError):
        parse_cell_input("t3.new.natural", typed)


def test_a_refusal_goes_when_she_types_again(qtbot: QtBot, document: ReportDocument) -> None:
    page = shown_table_page(qtbot, document, "t3")
    with qtbot.waitSignal(page.message):
        type_into(qtbot, page, "t3.new.natural", "abc")
    assert page.notice.isVisible()
    page.focus_address("t3.new.natural")
    send_text(page.view, "5")  # a new value, not yet committed
    assert not page.notice.isVisible()


def test_a_paste_error_goes_when_the_next_paste_is_taken(
    qtbot: QtBot, document: ReportDocument
) -> None:
    page = shown_table_page(qtbot, document, "t3")
    page.focus_address("t3.granted.natural")
    QGuiApplication.clipboard().setText("1\tx\n")
    with qtbot.waitSignal(page.message):
        qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.notice.isVisible()
    QGuiApplication.clipboard().setText(str(document.value("t3.granted.natural")))
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # changes nothing
    assert not page.notice.isVisible()
