"""The county's view in the window: 「审核汇总」 from the home screen over a folder of units'
reports, the overview table (counts, colours, sorting), cancelling, a unit read-only at its first
problem, the summary exported."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QProgressDialog, QPushButton

import gaidesk.summary as summary_core
from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.gui import county, county_model
from gaidesk.gui.steps import step_of_address
from gaidesk.gui.theme import ERROR_FILL, WARNING_FILL
from tests.support.paths import DATA
from tests.support.summary import unit_report, write_unit

if TYPE_CHECKING:
    from gaidesk.gui.app import Controller
    from tests.support.gui import DialogLog

YEAR = 2025
CLEAN = "金桥镇人民政府"
WRONG = "石河镇人民政府"  # its t3 does not balance: an error
OLD = "青山乡人民政府"  # last year's report sent by mistake
MISSING = "白云镇人民政府"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "各单位报告"
    write_unit(unit_report(CLEAN, YEAR, 1), reports / "金桥镇.gaidesk")
    wrong = unit_report(WRONG, YEAR, 2)
    wrong.cells["t3.new.natural"] = wrong.count("t3.new.natural") + 5  # type: ignore[operator]
    write_unit(wrong, reports / "石河镇.gaidesk")
    write_unit(unit_report(OLD, YEAR - 1, 3), reports / "乡" / "青山乡.gaidesk")
    return reports


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "名单.txt"
    path.write_text("\n".join([CLEAN, WRONG, OLD, MISSING]) + "\n", encoding="utf-8")
    return path


def _rows(window: county.CountyWindow) -> list[list[str]]:
    proxy = window.proxy
    return [
        [str(proxy.index(r, c).data()) for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def _column(name: str) -> int:
    return county_model.COLUMNS.index(name)


def _open(controller: Controller, log: DialogLog, folder: Path) -> county.CountyWindow:
    home = controller.show_home()
    log.folder_answers.append(folder)
    home.county_button.click()
    window = controller._county
    assert window is not None and window.summary is not None
    return window


def test_the_home_screen_opens_a_folder_and_shows_every_report_with_its_counts(
    controller: Controller, log: DialogLog, folder: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    rows = {row[0]: row for row in _rows(window)}
    assert set(rows) == {CLEAN, WRONG, OLD}
    wrong = window.summary.units[[u.body for u in window.summary.units].index(WRONG)]  # type: ignore[union-attr]
    assert wrong.errors > 0
    assert rows[WRONG][_column("错误")] == str(wrong.errors)
    assert rows[CLEAN][_column("错误")] == "0"
    assert rows[CLEAN][_column("主要问题")].startswith("✓")
    assert rows[WRONG][_column("主要问题")].startswith("【错误】")
    assert rows[OLD][_column("年度")] == str(YEAR - 1)
    assert "年度不符" in rows[OLD][_column("汇总核对")]
    assert rows[CLEAN][_column("形式")] == "草稿"
    # Errors red, reminders yellow, nothing where there is nothing.
    proxy = window.proxy
    for r in range(proxy.rowCount()):
        errors = proxy.index(r, _column("错误"))
        fill = errors.data(Qt.ItemDataRole.BackgroundRole)
        if errors.data() == "0":
            assert fill is None
        else:
            assert fill.color() == QColor(ERROR_FILL)
        warnings = proxy.index(r, _column("提醒"))
        warning_fill = warnings.data(Qt.ItemDataRole.BackgroundRole)
        assert (warning_fill is None) == (warnings.data() == "0")
        if warning_fill is not None:
            assert warning_fill.color() == QColor(WARNING_FILL)
    # The findings across units: the year that is wrong.
    panel = [
        window.findings.topLevelItem(i).text(1)  # type: ignore[union-attr]
        for i in range(window.findings.topLevelItemCount())
    ]
    assert any(OLD in text and str(YEAR - 1) in text for text in panel)
    assert str(YEAR) in window.overview.text() and "共 3 份报告" in window.overview.text()


def test_a_roster_and_a_year_find_the_missing_unit(
    controller: Controller, log: DialogLog, folder: Path, roster: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    log.open_answers.append(roster)
    window.roster_button.click()  # the summary runs again with the roster
    assert window.summary is not None and window.summary.missing == [MISSING]
    panel = [
        window.findings.topLevelItem(i).text(1)  # type: ignore[union-attr]
        for i in range(window.findings.topLevelItemCount())
    ]
    assert any(MISSING in text for text in panel)
    assert "缺 1 个" in window.overview.text()
    window.year.setValue(YEAR - 1)
    window.run_button.click()
    assert window.summary.year == YEAR - 1
    rows = {row[0]: row for row in _rows(window)}
    assert "年度不符" in rows[CLEAN][_column("汇总核对")]
    assert "年度不符" not in rows[OLD][_column("汇总核对")]


def test_a_bad_roster_is_refused_with_its_reason(
    controller: Controller, log: DialogLog, folder: Path, tmp_path: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    empty = tmp_path / "空名单.txt"
    empty.write_text("\n\n", encoding="utf-8")
    log.open_answers.append(empty)
    window.roster_button.click()
    assert window.roster_path is None
    assert any("没有单位名称" in text for text in log.texts("warn"))


def test_the_table_sorts_by_any_column(
    controller: Controller, log: DialogLog, folder: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    # Opened with the most errors first.
    errors = [int(row[_column("错误")]) for row in _rows(window)]
    assert errors == sorted(errors, reverse=True) and errors[0] > 0
    window.view.sortByColumn(_column("报告单位"), Qt.SortOrder.AscendingOrder)
    bodies = [row[0] for row in _rows(window)]
    assert bodies == sorted(bodies)
    window.view.sortByColumn(_column("年度"), Qt.SortOrder.AscendingOrder)
    assert _rows(window)[0][0] == OLD
    window.view.sortByColumn(_column("错误"), Qt.SortOrder.AscendingOrder)
    assert int(_rows(window)[0][_column("错误")]) == 0


def test_dropped_folders_are_summarized(
    controller: Controller, log: DialogLog, folder: Path, qtbot: object
) -> None:
    window = county.CountyWindow(controller.settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    data = QMimeData()
    data.setUrls(
        [QUrl.fromLocalFile(str(folder / "乡")), QUrl.fromLocalFile(str(folder / "金桥镇.gaidesk"))]
    )
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert sorted(row[0] for row in _rows(window)) == sorted([OLD, CLEAN])


def test_a_folder_without_reports_says_so(
    controller: Controller, log: DialogLog, tmp_path: Path, qtbot: object
) -> None:
    (tmp_path / "空").mkdir()
    controller.show_home()
    log.folder_answers.append(tmp_path / "空")
    controller.home.county_button.click()
    assert any("没有找到报告文件" in text for text in log.texts("inform"))
    assert controller._county is not None and controller._county.summary is None


def test_cancel_stops_the_summary_and_keeps_the_window(
    controller: Controller,
    log: DialogLog,
    folder: Path,
    qtbot: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = threading.Event()
    read = []
    real = summary_core._read_unit

    def slow(path: Path, last_year: object) -> object:
        read.append(path)
        gate.wait(10)
        return real(path, last_year)  # type: ignore[arg-type]

    monkeypatch.setattr(summary_core, "_read_unit", slow)
    window = county.CountyWindow(controller.settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    pressed = []

    def press_cancel() -> None:
        shown = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        if not shown:
            QTimer.singleShot(50, press_cancel)
            return
        assert shown[0].labelText().startswith("正在读取和检查")
        pressed.append(True)
        (button,) = [b for b in shown[0].findChildren(QPushButton) if b.text() == "取消"]
        button.click()
        gate.set()

    QTimer.singleShot(0, press_cancel)
    assert window.run([folder]) is None
    assert pressed and window.summary is None
    assert window.statusBar().currentMessage() == "已取消审核汇总。"
    for thread in threading.enumerate():
        if thread.name == "gaidesk-work":
            thread.join(10)
    assert len(read) == 1  # the worker stopped at the next file


def test_a_unit_opens_read_only_at_its_first_problem(
    controller: Controller, log: DialogLog, folder: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    path = folder / "石河镇.gaidesk"
    before = path.read_bytes()
    row = [r[0] for r in _rows(window)].index(WRONG)
    window.view.setCurrentIndex(window.proxy.index(row, 0))
    assert window.open_selected()
    wizard = controller.windows[path.absolute()]
    assert wizard.read_only == county.READ_ONLY_REASON
    assert "只读" in wizard.windowTitle()
    unit = window.selected_unit()
    assert unit is not None and unit.body == WRONG
    first = county_model.first_problem(unit)
    errors = [f for f in unit.findings if f.severity == rules.ERROR]
    assert first == errors[0].cells[0] and fmt.table_of(first) == fmt.T3
    assert wizard.current_step == step_of_address(first)
    assert wizard.cursor_address() in errors[0].cells
    wizard.close()
    assert path.read_bytes() == before  # nothing written to the unit's file


def test_a_clean_unit_opens_read_only_at_the_start(
    controller: Controller, log: DialogLog, folder: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    row = [r[0] for r in _rows(window)].index(CLEAN)
    window._open_index(window.proxy.index(row, 3))  # a double click
    wizard = controller.windows[(folder / "金桥镇.gaidesk").absolute()]
    assert wizard.read_only and wizard.current_step == 0


def test_the_summary_exports_to_a_workbook_and_a_pdf(
    controller: Controller, log: DialogLog, folder: Path, tmp_path: Path, qtbot: object
) -> None:
    window = _open(controller, log, folder)
    log.save_answers += [tmp_path / "out" / "汇总.xlsx", tmp_path / "out" / "清单"]
    (tmp_path / "out").mkdir()
    window.xlsx_button.click()
    book = openpyxl.load_workbook(tmp_path / "out" / "汇总.xlsx")
    texts = {str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value}
    assert {CLEAN, WRONG, OLD} <= texts
    window.pdf_button.click()
    assert (tmp_path / "out" / "清单.pdf").read_bytes().startswith(b"%PDF")
    assert log.suggested[0].endswith(f"审核汇总{YEAR}.xlsx")
    assert len([t for t in log.texts("inform") if t.startswith("已导出到")]) == 2
    # A place that cannot be written: told, nothing else.
    log.save_answers.append(tmp_path / "没有这个文件夹" / "x.xlsx")
    window.xlsx_button.click()
    assert log.texts("warn") and "导出Excel" in log.messages[-1][1]


def test_a_saved_web_page_is_a_unit_and_opens_read_only(
    controller: Controller, log: DialogLog, folder: Path, qtbot: object
) -> None:
    page = DATA / "pages" / "dazhai-2025-kindeditor.html"
    copy = folder / "网页" / page.name
    copy.parent.mkdir()
    copy.write_bytes(page.read_bytes())
    window = _open(controller, log, folder)
    rows = _rows(window)
    (row,) = [i for i, r in enumerate(rows) if r[_column("文件")] == page.name]
    assert rows[row][_column("形式")] == "网页"
    window._open_index(window.proxy.index(row, 0))
    wizard = controller.windows[copy.absolute()]
    assert wizard.read_only == county.READ_ONLY_REASON
    wizard.close()
    assert copy.read_bytes() == page.read_bytes()
