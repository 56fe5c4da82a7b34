"""The wizard at the screen sizes of the clerk's office: tables without sideways scrolling, room
for table 3's rows, a problems panel that remembers its size, everything following the text size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from gaidesk import format as fmt
from gaidesk.gui.app import Controller
from gaidesk.gui.steps import STEPS
from gaidesk.gui.table.labels import label_lines
from gaidesk.gui.table.page import TablePage
from gaidesk.gui.wizard.window import WizardWindow
from tests.support.gui import library_copy, open_copy

# The offscreen platform says this whenever a top-level window is shown; it is not our warning.
pytestmark = [
    pytest.mark.usefixtures("qapp"),
    pytest.mark.qt_log_ignore(
        "This plugin does not support propagateSizeHints",
        # A popover (「说明」) is a popup window: the plugin cannot raise it or grab keys.
        r"This plugin does not support raise\(\)",
        "This plugin does not support grabbing the keyboard",
    ),
]


def _show(window: WizardWindow, width: int, height: int) -> None:
    window.resize(width, height)
    window.show()
    QApplication.processEvents()


def _table_steps() -> list[tuple[int, str]]:
    return [(i, s.section.table) for i, s in enumerate(STEPS) if s.kind == "table" and s.section]


def _page(window: WizardWindow, key: str) -> TablePage:
    page = window.table_pages[key]
    assert isinstance(page, TablePage)
    return page


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_every_table_fits_the_window_without_sideways_scrolling(
    controller: Controller, huaian_path: Path, size: tuple[int, int]
) -> None:
    window = open_copy(controller, huaian_path)
    _show(window, *size)
    assert window.statusBar().isVisible()
    # Under 800 pixels the problems panel is folded into a line of the status bar.
    assert window.compact is (size[1] < 800)
    assert window.problems_dock.isVisible() is not window.compact
    assert window.status.problems_summary.isVisible() is window.compact
    for step, key in _table_steps():
        window.go_to_step(step, save=False)
        QApplication.processEvents()
        page = _page(window, key)
        view = page.view
        assert view.horizontalScrollBar().maximum() == 0, key
        outer = window.pages.currentWidget()
        if isinstance(outer, QScrollArea):  # tables 2 and 4 scroll as a whole page
            assert outer.horizontalScrollBar().maximum() == 0, key
        last = fmt.TABLES[key].cols - 1
        assert view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width()
        assert not view.isColumnHidden(last)
    # Table 3: the 总计 column and the end of the balance strip are on the screen, the row
    # labels take at most 40 % of the width, and more than a handful of rows show.
    step = next(i for i, k in _table_steps() if k == "t3")
    window.go_to_step(step, save=False)
    QApplication.processEvents()
    page = _page(window, "t3")
    view = page.view
    total = fmt.TABLES["t3"].cols - 1
    right = view.columnViewportPosition(total) + view.columnWidth(total)
    assert right <= view.viewport().width()
    assert view.viewport().mapTo(window, view.viewport().rect().topRight()).x() < window.width()
    assert page.balance is not None
    strip_right = page.balance.mapTo(window, page.balance.rect().topRight()).x()
    assert strip_right < window.width()
    labels = sum(view.columnWidth(c) for c in range(fmt.TABLES["t3"].label_cols))
    assert labels <= 0.41 * view.viewport().width()
    header_rows = fmt.TABLES["t3"].header_rows
    body = view.viewport().height()
    rows = [view.rowHeight(r) for r in range(header_rows, fmt.TABLES["t3"].rows)]
    shown = 0
    for height in rows:
        if body < height:
            break
        body -= height
        shown += 1
    assert shown >= (14 if size[1] == 768 else 18)
    # One line of help (none when compact); the definitions wait under 「说明」, a popover
    # over the grid that takes none of its height, and in the tooltip.
    assert page.help_label.isVisible() is not window.compact
    assert not page.notes_label.isVisible()
    assert fmt.T3_HELP["carried_in"] in page.notes_button.toolTip()
    grid_height = view.height()
    page.notes_button.click()
    assert page.notes_label.isVisible() and fmt.T3_HELP["partial"] in page.notes_label.text()
    assert page.notes_label.isWindow() and view.height() == grid_height
    page.notes_button.click()
    assert not page.notes_label.isVisible()
    # A refused value's notice floats over the grid's foot: the grid keeps its height.
    page.show_notice("「本年新收（自然人）」“abc”不是数字")
    QApplication.processEvents()
    assert page.notice.isVisible() and view.height() == grid_height
    assert view.geometry().contains(page.notice.geometry().center())
    page.notice.hide()


def test_labels_wrap_without_a_lone_last_character(qapp: QApplication) -> None:
    font = qapp.font()
    em = QLabel().fontMetrics().horizontalAdvance("中")
    lines = label_lines(font, "社会公益组织", int(em * 5.3))
    assert lines == ("社会公益", "组织")
    assert label_lines(font, "结果维持", int(em * 3.3)) == ("结果", "维持")
    assert label_lines(font, "总计", em * 6) == ("总计",)


def test_problems_panel_is_compact_and_keeps_its_size(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = controller.open_draft(path)
    assert window is not None
    _show(window, 1366, 900)
    dock = window.problems_dock
    assert window.problems.isHeaderHidden()
    assert dock.height() < window.height() // 6
    taller = dock.height() + 90
    window.resizeDocks([dock], [taller], Qt.Orientation.Vertical)
    QApplication.processEvents()
    kept = dock.height()
    assert kept > taller - 20
    window.close()
    QApplication.processEvents()
    again = controller.open_draft(path)
    assert again is not None
    _show(again, 1366, 900)
    assert again.problems_dock.height() == kept


def test_headings_and_tables_follow_the_text_size(
    controller: Controller, huaian_path: Path
) -> None:
    window = open_copy(controller, huaian_path)
    _show(window, 1366, 768)
    window.build_pages()  # pages are built when first shown: look at all of them
    page = _page(window, "t3")
    labels = [
        label
        for i in range(window.pages.count())
        for label in window.pages.widget(i).findChildren(QLabel)
        if label.text()
    ]
    before = {id(label): label.font().pointSizeF() for label in labels}
    heading = page.heading.sizeHint().height()
    row = page.view.rowHeight(fmt.TABLES["t3"].header_rows)
    assert page.balance is not None
    strip = page.balance.height()
    group = window.check_page.findings.topLevelItem(0)
    assert group is not None
    group_size = group.font(0).pointSizeF()

    window.change_text_size(4)
    QApplication.processEvents()

    assert page.heading.sizeHint().height() > heading
    assert page.view.rowHeight(fmt.TABLES["t3"].header_rows) > row
    assert page.balance.height() > strip
    group = window.check_page.findings.topLevelItem(0)
    assert group is not None and group.font(0).pointSizeF() > group_size
    # Every label of every page follows: style-sheet ones included.
    stuck = [label.text() for label in labels if label.font().pointSizeF() <= before[id(label)]]
    assert stuck == []


def test_the_window_size_is_kept_per_kind_of_screen(
    controller: Controller, dazhai_path: Path
) -> None:
    from gaidesk.gui.screen import screen_key, work_area

    path = library_copy(controller, dazhai_path)
    window = controller.open_draft(path)
    assert window is not None
    window.showNormal()
    window.resize(1400, 900)
    QApplication.processEvents()
    key = screen_key(window.screen())
    window.close()
    QApplication.processEvents()
    assert controller.settings.geometry(f"wizard@{key}") is not None
    again = controller.open_draft(path)
    assert again is not None
    QApplication.processEvents()
    assert (again.width(), again.height()) == (1400, 900)
    assert work_area(again).contains(again.frameGeometry())
    # Another kind of screen (another size or scale) starts from its own default.
    assert controller.settings.geometry("wizard@1366x768@125") is None


def test_compact_problems_summary_unfolds_on_demand(
    controller: Controller, dazhai_path: Path
) -> None:
    window = open_copy(controller, dazhai_path)
    _show(window, 1366, 700)
    assert window.compact and not window.problems_dock.isVisible()
    summary = window.status.problems_summary
    assert summary.isVisible() and "处提醒" in summary.text()
    shown_before = controller.settings.show_problems()
    summary.click()
    QApplication.processEvents()
    assert window.problems_dock.isVisible()
    summary.click()
    QApplication.processEvents()
    assert not window.problems_dock.isVisible()
    assert controller.settings.show_problems() == shown_before  # a fold, not a preference
    # Taller again: the panel and the navigation row come back.
    _show(window, 1366, 1000)
    assert not window.compact and window.problems_dock.isVisible()
    assert window.nav_bar.isVisible() and window.next_button.parent() is window.nav_bar
