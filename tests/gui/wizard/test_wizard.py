"""The clerk's window, driven as she would: typing, Enter/Tab in the tables, the side list."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gaidesk import format as fmt
from gaidesk import store
from gaidesk.gui.app import Controller
from gaidesk.gui.home import NewReportDialog, default_year
from gaidesk.gui.narrative import NarrativePage
from gaidesk.gui.steps import CHECK_STEP, STEPS
from gaidesk.gui.wizard.window import WizardWindow
from gaidesk.model import Report
from tests.support.gui import DialogLog, ime_commit, library_copy, type_keys, type_paragraphs

pytestmark = pytest.mark.usefixtures("qapp")


def _activate(qtbot: object, window: WizardWindow) -> None:
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # type: ignore[attr-defined]


def _open(controller: Controller, path: Path, qtbot: object) -> WizardWindow:
    window = controller.open_draft(path)
    assert window is not None
    _activate(qtbot, window)
    return window


def _editable_order(table_key: str) -> list[str]:
    """Editable cells in reading order: where Tab takes her."""
    table = fmt.TABLES[table_key]
    cells = [c for c in table.grid if c.is_value and not fmt.VALUE_CELLS[c.address].is_total]
    return [c.address for c in sorted(cells, key=lambda c: (c.row, c.col))]


def _step_click(qtbot: object, window: WizardWindow, step: int) -> None:
    item = window.steps.item(step)
    rect = window.steps.visualItemRect(item)
    qtbot.mouseClick(  # type: ignore[attr-defined]
        window.steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert window.current_step == step


# -- the whole report by keyboard -------------------------------------------------------------


def test_fill_sample_report_by_keyboard_and_reopen(
    qtbot: object,
    controller: Controller,
    dazhai_path: Path,
    huaian_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sample = store.load_report(dazhai_path)
    numbers = store.load_report(huaian_path)  # a city's non-zero tables, typed into the grids

    def fill_dialog(dialog: NewReportDialog) -> int:
        dialog.agency.clear()
        ime_commit(dialog.agency, sample.meta.agency)
        dialog.year.selectAll()
        qtbot.keyClicks(dialog.year, str(sample.meta.year))  # type: ignore[attr-defined]
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", fill_dialog)
    window = controller.new_report()
    assert window is not None
    _activate(qtbot, window)
    path = window.document.path
    assert path is not None and path.parent == controller.library.drafts_dir

    # 基本信息
    _step_click(qtbot, window, 0)
    basic = window.basic_page
    assert basic.agency.text() == sample.meta.agency
    assert basic.short_name.text() == sample.meta.short_name
    ime_commit(basic.title, sample.meta.title)
    assert window.document.report.meta.title == sample.meta.title

    # Narrative sections: jump with the side list, type as the IME does, Tab to the next part.
    for step, stepdef in enumerate(STEPS):
        if stepdef.kind != "narrative":
            continue
        _step_click(qtbot, window, step)
        page = window.pages.currentWidget()
        assert isinstance(page, NarrativePage)
        for key, part in page.editors.items():
            part.focus_editor()
            part.editor.selectAll()
            qtbot.keyClick(part.editor, Qt.Key.Key_Delete)  # type: ignore[attr-defined]
            type_paragraphs(qtbot, part.editor, sample.text[key])
            assert window.document.report.text[key] == sample.text[key]

    # Tables: Alt+→ to each table step, type every value, Tab to the next cell.
    _step_click(qtbot, window, 1)
    for table_key in ("t2", "t3", "t4"):
        qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
        section = STEPS[window.current_step].section
        assert section is not None and section.table == table_key
        page = window.table_pages[table_key]
        view = page.view  # type: ignore[attr-defined]
        order = _editable_order(table_key)
        page.focus_address(order[0])  # type: ignore[attr-defined]
        for address in order:
            assert page.model.address_at(view.currentIndex()) == address  # type: ignore[attr-defined]
            type_keys(qtbot, str(numbers.cells[address]))
            type_keys(qtbot, "\t")
        for address in order:
            assert window.document.value(address) == numbers.cells[address], address

    window.close()
    QApplication.processEvents()
    assert not controller.windows

    saved = store.load_report(path)
    assert saved.meta.agency == sample.meta.agency
    assert saved.meta.year == sample.meta.year
    assert saved.meta.title == sample.meta.title
    for key in sample.text:
        assert saved.text[key] == sample.text[key], key
    assert saved.cells == numbers.cells

    again = _open(controller, path, qtbot)
    assert again.basic_page.agency.text() == sample.meta.agency
    assert again.basic_page.title.text() == sample.meta.title
    for stepdef in STEPS:
        if stepdef.kind == "narrative":
            assert stepdef.section is not None
            page = again.narrative_pages[stepdef.section.number]
            for key, part in page.editors.items():
                assert part.text() == sample.text[key]
    for table_key in ("t2", "t3", "t4"):
        model = again.table_pages[table_key].model  # type: ignore[attr-defined]
        for address in fmt.TABLES[table_key].addresses():
            index = model.index_of(address)
            shown = model.data(index, Qt.ItemDataRole.DisplayRole)
            assert str(shown).replace(",", "") == str(numbers.cells[address]), address


# -- autosave -------------------------------------------------------------------------------


def test_autosave_writes_within_debounce(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.go_to_step(6)
    part = window.narrative_pages["六"].editors["other_matters"]
    part.editor.selectAll()
    ime_commit(part.editor, "本年度未收取信息处理费。")
    assert window.saving.autosaver.pending
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: "本年度未收取信息处理费" in path.read_text(encoding="utf-8"), timeout=3000
    )
    assert window.status.save_label.text().startswith("已自动保存 ")
    assert not window.saving.autosaver.dirty


def test_step_switch_and_ctrl_s_save_at_once(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（标记甲）")
    assert "标记甲" not in path.read_text(encoding="utf-8")
    window.go_to_step(1)  # switching steps saves at once
    assert "（标记甲）" in path.read_text(encoding="utf-8")
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（标记乙）")
    qtbot.keyClick(window.basic_page.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert "（标记甲）（标记乙）" in path.read_text(encoding="utf-8")


def test_failed_save_shows_banner_keeps_data_and_retries(
    qtbot: object, controller: Controller, dazhai_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    real_save = store.save_report

    def full_disk(report: Report, target: object, **kw: object) -> None:
        raise store.StoreError("保存草稿失败：磁盘空间已满。")

    monkeypatch.setattr(store, "save_report", full_disk)
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "甲")
    assert not window.save_now()
    assert window.banner.isVisible()
    assert "磁盘空间已满" in window.banner.label.text()
    assert window.document.report.meta.title.endswith("甲")
    assert window.saving.autosaver.dirty
    monkeypatch.setattr(store, "save_report", real_save)
    ime_commit(window.basic_page.title, "乙")
    qtbot.waitUntil(lambda: not window.saving.autosaver.dirty, timeout=3000)  # type: ignore[attr-defined]
    assert not window.banner.isVisible()
    assert "甲乙" in path.read_text(encoding="utf-8")


# -- locks and recovery ---------------------------------------------------------------------


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def _stale_lock(path: Path) -> Path:
    lock = path.parent / f".{path.name}.lock"
    body = {"pid": _dead_pid(), "host": socket.gethostname(), "started": time.time() - 3600}
    lock.write_text(json.dumps(body), encoding="utf-8")
    return lock


def test_abnormal_close_is_offered_back(
    qtbot: object, controller: Controller, dazhai_path: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    _stale_lock(path)
    log.choose_answers = [0]  # 打开并继续编辑
    offered = controller.check_recovery()
    assert offered == [path]
    assert any("没有正常关闭" in t for t in log.texts("choose"))
    window = controller.windows[path.absolute()]
    assert window.banner.isVisible()
    assert "没有正常关闭" in window.banner.label.text()
    assert window.document.report.text["overview.active"].startswith("本年度")


def test_recovery_can_restore_an_older_version(
    qtbot: object,
    controller: Controller,
    dazhai_path: Path,
    log: DialogLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = library_copy(controller, dazhai_path)
    report = store.load_report(path)
    report.meta.title = "较新的标题"
    store.save_report(report, path, keep_version=True)  # the original becomes a version
    _stale_lock(path)
    log.choose_answers = [1]  # 恢复较早的版本…
    log.pick_answers = [0]
    loads: list[Path] = []
    real = store.load_report
    monkeypatch.setattr(store, "load_report", lambda p, **kw: loads.append(p) or real(p, **kw))
    controller.check_recovery()
    window = controller.windows[path.absolute()]
    assert loads == [path.absolute()]  # opened once; the restored version is shown, not reread
    assert window.lock is not None and window.lock.held  # handed on, never let go
    assert len(controller.windows) == 1
    assert window.document.report.meta.title == "大寨镇2025年政府信息公开工作年度报告"
    assert window.basic_page.title.text() == "大寨镇2025年政府信息公开工作年度报告"


def test_no_recovery_question_after_a_normal_close(
    qtbot: object, controller: Controller, dazhai_path: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.close()
    QApplication.processEvents()
    assert controller.check_recovery() == []
    assert not log.texts("choose")


def test_same_draft_is_not_opened_twice(
    qtbot: object, controller: Controller, dazhai_path: Path, data_dir: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    first = _open(controller, path, qtbot)
    assert controller.open_draft(path) is first  # same program: the open window comes forward
    other = Controller(data_dir)  # as if a second copy of gaidesk were running
    log.choose_answers = [1]  # 取消
    assert other.open_draft(path) is None
    questions = log.texts("choose")
    assert questions and "已经在另一个" in questions[-1] and "只读方式打开" in questions[-1]
    assert not other.windows
    log.choose_answers = [0]  # 以只读方式打开
    viewer = other.open_draft(path)
    assert viewer is not None and viewer.read_only and viewer.lock is None
    assert "只读" in viewer.windowTitle() and "已经在另一个" in viewer.banner.label.text()
    viewer.close()
    QApplication.processEvents()
    assert first.lock is not None and first.lock.held  # the editing window keeps its lock


# -- status, problems, navigation -------------------------------------------------------------


def test_side_list_status_follows_typing(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    t3_step = next(i for i, s in enumerate(STEPS) if s.section and s.section.table == "t3")
    assert window.status.step_status(t3_step) == (0, 0)
    assert window.steps.item(t3_step).text() == STEPS[t3_step].title
    verdict = window.check_page.verdict_text()
    page = window.table_pages["t3"]
    window.go_to_step(t3_step)
    page.focus_address("t3.new.natural")  # type: ignore[attr-defined]
    type_keys(qtbot, "3\r")
    errors, _ = window.status.step_status(t3_step)
    assert errors > 0
    assert f"{errors} 处错误" in window.steps.item(t3_step).text()
    assert "还有" in window.steps.item(CHECK_STEP).text()
    assert "还有" in window.check_page.verdict_text()
    window.document.undo_stack.undo()
    assert window.status.step_status(t3_step) == (0, 0)
    assert window.check_page.verdict_text() == verdict


def test_problems_panel_click_goes_to_cell_and_text(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.activateWindow()
    window.go_to_step(0)
    window.document.set_cell("t3.new.natural", 2)
    finding = next(f for f in window.document.findings if f.cells[0].startswith("t3."))
    item = window.problems.item_for_address(finding.cells[0])
    assert item is not None
    rect = window.problems.visualItemRect(item)
    qtbot.mouseClick(  # type: ignore[attr-defined]
        window.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    page = window.table_pages["t3"]
    assert window.current_step == 3
    assert page.isVisible()
    current = page.view.currentIndex()  # type: ignore[attr-defined]
    assert page.model.address_at(current) == finding.cells[0]  # type: ignore[attr-defined]

    # An emptied narrative part: the finding shows on the editor and the click focuses it.
    window.go_to_step(1)
    part = window.narrative_pages["一"].editors["overview.platforms"]
    part.editor.selectAll()
    qtbot.keyClick(part.editor, Qt.Key.Key_Delete)  # type: ignore[attr-defined]
    assert part.message.isVisibleTo(part)
    assert part.editor.toolTip()
    window.go_to_step(CHECK_STEP)
    item = window.check_page.findings.item_for_address("text.overview.platforms")
    assert item is not None
    window.check_page.findings.itemClicked.emit(item, 0)
    assert window.pages.currentWidget() is window.narrative_pages["一"]
    qtbot.waitUntil(lambda: part.editor.hasFocus(), timeout=1000)  # type: ignore[attr-defined]


def test_typing_after_moving_to_a_table_step_goes_into_the_grid(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.go_to_step(2)  # 二, the step before table 3
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert STEPS[window.current_step].kind == "table"
    type_keys(qtbot, "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert window.document.value("t3.new.natural") == 7


def test_navigation_keys_and_last_step_remembered(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.go_to_step(0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert window.current_step == 1
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert window.current_step == 2
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert window.current_step == 1
    window.next_button.click()
    window.next_button.click()
    assert window.current_step == 3
    window.close()
    QApplication.processEvents()
    again = _open(controller, path, qtbot)
    assert again.current_step == 3


def test_text_size_is_remembered(
    qtbot: object, controller: Controller, dazhai_path: Path, data_dir: Path
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    before = controller.settings.text_size
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert controller.settings.text_size == before + 1
    assert QApplication.font().pointSize() == before + 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert controller.settings.text_size == before - 1
    controller.settings.sync()
    assert "text_size" in (data_dir / "settings.ini").read_text(encoding="utf-8")


def test_closing_never_asks_and_releases_the_lock(
    qtbot: object, controller: Controller, dazhai_path: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    window = _open(controller, path, qtbot)
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（标记丙）")
    window.close()
    QApplication.processEvents()
    assert not log.messages
    assert "（标记丙）" in path.read_text(encoding="utf-8")
    lock = controller.library.lock(path)  # free again
    lock.release()


def test_default_year_follows_the_season() -> None:
    import datetime as dt

    assert default_year(dt.date(2026, 1, 15)) == 2025
    assert default_year(dt.date(2026, 3, 31)) == 2025
    assert default_year(dt.date(2026, 4, 1)) == 2026


def test_pages_are_built_when_first_shown(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    """Only the step shown first exists when the window opens; the side list still knows every
    step's problems (from the document), and a finding on an unbuilt step takes her there."""
    sample = store.load_report(dazhai_path)
    sample.cells["t3.new.natural"] = 1  # the totals no longer add up: an error on table 3
    path = controller.library.new_draft_path(sample)
    store.save_report(sample, path, keep_version=False)
    window = _open(controller, path, qtbot)
    assert [i for i in range(len(STEPS)) if window.is_built(i)] == [0]
    t3_step = next(i for i, s in enumerate(STEPS) if s.section and s.section.table == "t3")
    assert "错误" in window.steps.item(t3_step).text()
    assert not window.is_built(t3_step)

    tree = window.problems
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    table3 = next(item for item in items if item.text(0).startswith("自然人列"))
    tree.itemClicked.emit(table3, 0)
    assert window.current_step == t3_step and window.is_built(t3_step)
    page = window.table_pages["t3"]
    assert window.pages.currentWidget() is page
    assert page.view.hasFocus()  # type: ignore[attr-defined]

    window.go_to_step(1)
    assert window.pages.currentWidget() is window.narrative_pages["一"]
    built = [i for i in range(len(STEPS)) if window.is_built(i)]
    assert built == [0, 1, t3_step]
    window.change_text_size(3)  # a page built after a text-size change takes the new size
    QApplication.processEvents()
    check = window.check_page
    assert check.font().pointSize() == controller.settings.text_size


def test_last_years_report_is_found_once_the_window_shows(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    library_copy(controller, dazhai_path)  # 2025
    report = store.load_report(dazhai_path)
    report.meta.year = 2026
    report.meta.title = ""
    path = controller.library.new_draft_path(report)
    store.save_report(report, path, keep_version=False)
    window = _open(controller, path, qtbot)
    qtbot.waitUntil(lambda: window.document.previous is not None)  # type: ignore[attr-defined]
    assert window.document.previous.meta.year == 2025  # type: ignore[union-attr]
    assert "对照上年" in window.status.previous_label.text()


def test_lead_paragraph_of_section_one_and_the_full_name_title(
    qtbot: object, controller: Controller, huaian_path: Path
) -> None:
    """The narrative page of 一 opens with the untitled lead paragraph, before （一）; what she
    types there is saved. The title's placeholder is the official title with the full name."""
    sample = store.load_report(huaian_path)
    path = controller.library.new_draft_path(sample)
    store.save_report(sample, path, keep_version=False)
    window = _open(controller, path, qtbot)
    assert window.basic_page.title.placeholderText() == (
        "淮安市人民政府2024年政府信息公开工作年度报告"
    )
    window.go_to_step(1)
    page = window.narrative_pages["一"]
    keys = list(page.editors)
    assert keys[0] == "overview.lead" and keys[1] == "overview.active"
    lead = page.editors["overview.lead"]
    assert lead.title_edit is None  # untitled, as the part of 六
    lead.focus_editor()
    type_paragraphs(qtbot, lead.editor, "本年度，淮安市全面推进政务公开。")
    assert window.document.report.text["overview.lead"] == "本年度，淮安市全面推进政务公开。"
    assert window.save_now()
    assert store.load_report(path).text["overview.lead"] == "本年度，淮安市全面推进政务公开。"


def test_new_report_dialog_shows_the_title_with_the_full_name(qtbot: object) -> None:
    dialog = NewReportDialog("淮安市人民政府", 2024)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert "淮安市人民政府2024年政府信息公开工作年度报告" in dialog.preview.text()
