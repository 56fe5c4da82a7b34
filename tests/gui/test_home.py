"""The home screen, starting from last year's report, files from elsewhere, the sameness meter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gaidesk import rules, store
from gaidesk.gui.app import Controller, setup_app
from gaidesk.gui.home import NewReportDialog
from gaidesk.gui.narrative import FEE_PLACEHOLDER
from gaidesk.gui.wizard.window import WizardWindow
from gaidesk.previous import find_previous
from tests.support.gui import DialogLog, ime_commit, library_copy, open_copy

pytestmark = pytest.mark.usefixtures("qapp")


def test_chinese_for_qt_and_a_cjk_font(qapp: QApplication) -> None:
    from PySide6.QtCore import QCoreApplication

    setup_app(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert qapp.applicationName() == "gaidesk"


def test_home_lists_drafts_newest_first_with_counts(
    qtbot: object, controller: Controller, dazhai_path: Path, huaian_path: Path
) -> None:
    first = library_copy(controller, huaian_path)
    second = library_copy(controller, dazhai_path)
    import os

    os.utime(first, (1_700_000_000, 1_700_000_000))
    home = controller.show_home()
    assert home.drafts.topLevelItemCount() == 2
    top = home.drafts.topLevelItem(0)
    assert top.text(0) == "大寨镇人民政府"
    assert top.text(1) == "2025年"
    assert "处提醒" in top.text(3) or top.text(3) == "可以定稿"
    assert home.selected_path() == second
    assert not home.empty_label.isVisible()


def test_rename_delete_and_restore_from_the_bin(
    qtbot: object, controller: Controller, dazhai_path: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    home = controller.show_home()
    log.text_answers = ["大寨镇年报终稿"]
    renamed = controller.rename_draft(path)
    assert renamed is not None and renamed.name == "大寨镇年报终稿.gaidesk"
    assert home.selected_path() == renamed
    log.confirm_answers = [True]
    binned = controller.delete_draft(renamed)
    assert binned is not None and not renamed.exists()
    assert home.drafts.topLevelItemCount() == 0
    assert home.banner.isVisible() and "回收站" in home.banner.label.text()
    home.banner.action_button.click()  # 撤销
    assert renamed.exists()
    log.confirm_answers = [True]
    controller.delete_draft(renamed)
    log.pick_answers = [0]
    restored = controller.restore_from_bin()
    assert restored is not None and restored.exists()
    assert home.drafts.topLevelItemCount() == 1


def test_what_the_library_refuses_is_said_and_nothing_changes(
    qtbot: object,
    controller: Controller,
    dazhai_path: Path,
    huaian_path: Path,
    log: DialogLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = library_copy(controller, dazhai_path)
    other = library_copy(controller, huaian_path)
    controller.show_home()
    log.text_answers = [other.stem]  # a name another draft has
    assert controller.rename_draft(path) is None
    assert log.messages[-1][1] == "重命名" and other.name in log.messages[-1][2]
    assert path.exists()

    def refuse(*args: object) -> None:
        raise store.StoreError("文件夹不可写")

    monkeypatch.setattr(store.Library, "delete", refuse)
    log.confirm_answers = [True]
    assert controller.delete_draft(path) is None
    assert log.messages[-1] == ("warn", "删除报告", "文件夹不可写")
    assert path.exists()
    monkeypatch.setattr(store.Library, "list_bin", refuse)
    assert controller.restore_from_bin() is None
    assert log.messages[-1] == ("warn", "回收站", "文件夹不可写")


def test_an_open_draft_is_not_renamed_or_deleted(
    qtbot: object, controller: Controller, dazhai_path: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    assert controller.open_draft(path) is not None
    assert controller.delete_draft(path) is None
    assert path.exists()
    assert "正在另一个窗口" in log.texts("inform")[-1]


def test_new_report_offers_last_years_report(
    qtbot: object,
    controller: Controller,
    dazhai_path: Path,
    log: DialogLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last_year = library_copy(controller, dazhai_path)
    report = store.load_report(last_year)
    report.cells["t3.carried_out.natural"] = 2
    report.recompute_totals()
    store.save_report(report, last_year)

    def fill(dialog: NewReportDialog) -> int:
        assert dialog.agency.text() == ""  # no body used yet
        ime_commit(dialog.agency, "大寨镇人民政府")
        dialog.year.setValue(2026)
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    log.choose_answers = [0]  # 从上年报告新建（推荐）
    window = controller.new_report()
    assert window is not None
    assert window.document.report.meta.year == 2026
    assert window.document.report.cells["t3.carried_in.natural"] == 2
    assert window.document.previous is not None
    assert controller.settings.last_body == "大寨镇人民政府"


def test_new_from_previous_and_the_sameness_meter(
    qtbot: object, controller: Controller, dazhai_path: Path, log: DialogLog
) -> None:
    library_copy(controller, dazhai_path)
    log.pick_answers = [0]
    window = controller.new_from_previous()
    assert window is not None
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    document = window.document
    assert document.report.meta.year == 2026
    assert document.previous is not None and document.previous.meta.year == 2025
    assert document.report.text["overview.active"] == ""  # never copied in

    window.go_to_step(1)
    part = window.narrative_pages["一"].editors["overview.active"]
    assert part.compare_button.isVisible()
    part.compare_button.click()
    assert part.previous_pane.isVisible()
    last = document.previous.text["overview.active"]
    assert part.previous_text.toPlainText() == last
    assert part.previous_text.isReadOnly()
    assert part.sameness_percent == 0

    ime_commit(part.editor, last[:120])  # she starts copying last year's text
    copied = part.sameness_percent
    assert copied > 50
    assert part.similar_high
    part.editor.selectAll()
    ime_commit(part.editor, "今年我镇新建了政务公开专区，群众可以自助查询办事指南。")
    assert part.sameness_percent < copied
    assert part.sameness_percent <= 50
    assert not part.similar_high


def test_other_matters_fee_sentences(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    window = open_copy(controller, dazhai_path)
    window.go_to_step(6)
    part = window.narrative_pages["六"].editors["other_matters"]
    assert window.status.step_status(6)[1] == 1  # S6-FEE
    part.editor.selectAll()
    buttons = [part.extra_buttons.itemAt(i).widget() for i in range(part.extra_buttons.count())]
    buttons[1].click()  # the sentence with a blank for the amount
    assert FEE_PLACEHOLDER in part.text()
    assert part.editor.textCursor().selectedText() == FEE_PLACEHOLDER
    ime_commit(part.editor, "0.5")
    assert "信息处理费0.5元" in part.text()
    assert window.status.step_status(6) == (0, 0)
    part.editor.selectAll()
    buttons[0].click()
    assert part.text() == "本年度未收取信息处理费。"


def test_retitle_and_restore_official_heading(
    qtbot: object, controller: Controller, dazhai_path: Path
) -> None:
    window = open_copy(controller, dazhai_path)
    part = window.narrative_pages["一"].editors["overview.active"]
    assert part.title_edit is not None and part.reset_title is not None
    assert not part.reset_title.isEnabled()
    ime_commit(part.title_edit, "主动公开情况")
    assert window.document.report.titles["overview.active"] == "主动公开情况"
    assert part.reset_title.isEnabled()
    part.reset_title.click()
    assert "overview.active" not in window.document.report.titles
    assert part.title_edit.text() == ""


def test_a_file_from_elsewhere_is_edited_in_place_or_copied(
    qtbot: object, controller: Controller, dazhai_path: Path, tmp_path: Path, log: DialogLog
) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    outside = usb / "大寨镇.gaidesk"
    outside.write_bytes(dazhai_path.read_bytes())
    log.open_answers = [outside]
    window = controller.open_file()
    assert window is not None
    assert not window.in_library
    assert window.banner.isVisible() and str(outside) in window.banner.label.text()
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（U盘上改）")
    window.save_now()
    assert "（U盘上改）" in outside.read_text(encoding="utf-8")

    window.banner.action_button.click()  # 复制到我的报告
    QApplication.processEvents()
    copies = controller.library.list_drafts()
    assert len(copies) == 1
    assert copies[0].path.absolute() in controller.windows
    new = controller.windows[copies[0].path.absolute()]
    assert new.in_library and not new.banner.isVisible()


def test_save_as_writes_a_copy(
    qtbot: object, controller: Controller, dazhai_path: Path, tmp_path: Path, log: DialogLog
) -> None:
    path = library_copy(controller, dazhai_path)
    window = controller.open_draft(path)
    assert isinstance(window, WizardWindow)
    target = tmp_path / "备份"
    log.save_answers = [target]
    written = window.save_as()
    assert written == tmp_path / "备份.gaidesk"
    assert store.load_report(written).meta.agency == "大寨镇人民政府"
    assert window.document.path == path


def test_a_damaged_draft_is_refused_with_a_message(
    qtbot: object, controller: Controller, tmp_path: Path, log: DialogLog
) -> None:
    broken = tmp_path / "坏.gaidesk"
    broken.write_text('{"format": "gaidesk-report", "version": 1, "meta": {', encoding="utf-8")
    assert controller.open_draft(broken) is None
    assert log.texts("warn")
    controller.library.lock(broken).release()  # the lock was given back


def test_find_previous_in_the_library(controller: Controller, dazhai_path: Path) -> None:
    last_year = library_copy(controller, dazhai_path)
    report = store.load_report(dazhai_path)
    report.meta.year = 2026
    found = find_previous(controller.library, report)
    assert found is not None and found.path == last_year
    report.meta.agency = "小寨镇人民政府"
    report.meta.short_name = "小寨镇"
    assert find_previous(controller.library, report) is None
    report.meta.year = None
    assert find_previous(controller.library, report) is None


def test_keyboard_moves_in_the_drafts_list(
    qtbot: object, controller: Controller, dazhai_path: Path, huaian_path: Path
) -> None:
    library_copy(controller, dazhai_path)
    library_copy(controller, huaian_path)
    home = controller.show_home()
    home.drafts.setFocus()
    qtbot.keyClick(home.drafts, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    path = home.selected_path()
    assert path is not None
    qtbot.keyClick(home.drafts, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert path.absolute() in controller.windows


def test_import_from_excel_makes_a_new_draft(
    qtbot: object, controller: Controller, huaian_path: Path, tmp_path: Path, log: DialogLog
) -> None:
    from gaidesk import workbook

    source = store.load_report(huaian_path)
    book = tmp_path / "县里的表.xlsx"
    workbook.export_xlsx(source, book, findings=rules.check(source))
    home = controller.show_home()
    assert home.import_button is not None
    log.open_answers = [book]
    window = controller.import_excel()
    assert window is not None
    assert window.document.path is not None
    assert window.document.path.parent == controller.library.drafts_dir
    for address, value in source.cells.items():
        assert window.document.value(address) == value, address


def test_import_from_a_saved_web_page_makes_a_new_draft(
    qtbot: object, controller: Controller, dazhai_path: Path, tmp_path: Path, log: DialogLog
) -> None:
    from tests.support.pages import page_html

    source = store.load_report(dazhai_path)
    page = tmp_path / "大寨镇年报.html"
    page.write_text(page_html(source), encoding="utf-8")
    log.open_answers = [page]
    window = controller.import_excel()
    assert window is not None
    for address, value in source.cells.items():
        assert window.document.value(address) == value, address
    assert window.document.report.text["problems.problems"] == source.text["problems.problems"]
    assert any("已从“大寨镇年报.html”导入" in t for t in log.texts("inform"))


def test_import_refuses_a_workbook_without_tables(
    qtbot: object, controller: Controller, tmp_path: Path, log: DialogLog
) -> None:
    import openpyxl

    book = tmp_path / "别的表.xlsx"
    sheet = openpyxl.Workbook()
    sheet.active["A1"] = "工资表"
    sheet.save(book)
    log.open_answers = [book]
    assert controller.import_excel() is None
    assert log.texts("warn")
    assert controller.library.list_drafts() == []


def test_a_read_only_file_says_so_and_offers_a_copy(
    qtbot: object,
    controller: Controller,
    dazhai_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from gaidesk.gui.wizard import window as wizard_window

    outside = tmp_path / "只读.gaidesk"
    outside.write_bytes(dazhai_path.read_bytes())
    outside.chmod(0o444)
    real_access = os.access

    def access(path: object, mode: int) -> bool:  # root may write anything: ask as a clerk
        return False if Path(str(path)) == outside.absolute() else real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(wizard_window.os, "access", access)
    window = controller.open_draft(outside)
    assert window is not None
    assert window.banner.kind == "warning" and "只读" in window.banner.label.text()
    window.banner.action_button.click()
    QApplication.processEvents()
    assert len(controller.library.list_drafts()) == 1


def test_screenshots_render_every_step(qtbot: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from gaidesk.gui import screenshots
    from gaidesk.gui.steps import STEPS

    assert screenshots.main([str(tmp_path)]) == 0  # each screen setting in its own process
    for name, (width, height, _scale) in screenshots.SCREENS.items():
        pictures = sorted((tmp_path / name).glob("*.png"))
        assert len(pictures) == len(STEPS) + 1, name
        # The wizard fills the work area: the screen less its taskbar, in physical pixels.
        wizard = QImage(str(pictures[-1]))
        assert abs(wizard.width() - width) <= 6, name  # less the window frame
        assert abs(wizard.height() - (height - screenshots.TASKBAR)) <= 6, name


def test_start_opens_a_draft_and_shuts_down_cleanly(
    qtbot: object, dazhai_path: Path, data_dir: Path, tmp_path: Path
) -> None:
    from gaidesk.gui import app as app_module

    draft = tmp_path / "大寨镇.gaidesk"
    draft.write_bytes(dazhai_path.read_bytes())
    controller = app_module.start(draft, data_dir)
    window = controller.windows[draft.absolute()]
    assert "大寨镇2025年政府信息公开工作年度报告" in window.windowTitle()
    assert controller._home is None  # a draft given on the command line opens alone
    controller.shutdown()
    assert not controller.windows
    store.Library(data_dir).lock(draft).release()  # the lock was given back on the way out


def test_start_without_a_draft_shows_home(qtbot: object, data_dir: Path) -> None:
    from gaidesk.gui import app as app_module

    controller = app_module.start(None, data_dir)
    assert controller._home is not None and controller._home.isVisible()
    controller.shutdown()


def test_an_unusable_data_folder_is_said_on_the_home_screen(
    qtbot: object, tmp_path: Path, log: DialogLog
) -> None:
    """The library is set up after the first paint; a data folder it cannot use still shows."""
    from gaidesk.gui import app as app_module

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    controller = app_module.start(None, blocked)
    try:
        home = controller.home
        qtbot.waitUntil(lambda: home.banner.kind == "error")  # type: ignore[attr-defined]
        assert "文件夹" in home.banner.label.text() and "失败" in home.banner.label.text()
        assert str(blocked) in home.folder_label.text()
    finally:
        controller.shutdown()
