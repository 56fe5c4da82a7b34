"""Nothing she typed is lost through the window: the open cell editor, autosave under steady
typing, locks of other computers, read-only and full data folders, the crash log and dialog,
and work taken off the window's thread."""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from gaidesk import rules, store
from gaidesk.gui import background, crash
from gaidesk.gui.app import Controller
from gaidesk.gui.autosave import AutoSaver
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.steps import CHECK_STEP, STEPS
from gaidesk.gui.wizard.window import WizardWindow
from tests.support.gui import DialogLog, ime_commit, library_copy

pytestmark = pytest.mark.usefixtures("qapp")

CELL = "t3.new.natural"  # 本年新收（自然人）
T3_STEP = next(i for i, s in enumerate(STEPS) if s.section and s.section.table == "t3")


def _open(controller: Controller, path: Path, qtbot: object) -> WizardWindow:
    window = controller.open_draft(path)
    assert window is not None
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # type: ignore[attr-defined]
    return window


def _saved_cell(path: Path, address: str = CELL) -> object:
    return store.load_report(path).cells.get(address)


def _type_in_cell(window: WizardWindow, text: str, address: str = CELL) -> QLineEdit:
    """Put the cursor in a cell and type, without Enter or Tab: the editor stays open."""
    window.go_to_step(T3_STEP)
    page = window.table_pages["t3"]
    page.focus_address(address)  # type: ignore[attr-defined]
    view = page.view  # type: ignore[attr-defined]
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = view.window().focusWidget() or view
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    assert view.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == text
    return editor


def _editing(window: WizardWindow) -> bool:
    view = window.table_pages["t3"].view  # type: ignore[attr-defined]
    return bool(view.state() == QAbstractItemView.State.EditingState)


# -- one rule for open editors --------------------------------------------------------------


@pytest.fixture
def draft(controller: Controller, dazhai_path: Path) -> Path:
    return library_copy(controller, dazhai_path)


def test_ctrl_s_saves_the_number_still_in_the_cell_editor(
    qtbot: object, controller: Controller, draft: Path
) -> None:
    window = _open(controller, draft, qtbot)
    editor = _type_in_cell(window, "40")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert _saved_cell(draft) == 40
    assert not _editing(window)
    assert window.status.save_label.text().startswith("已自动保存")


def test_closing_keeps_the_number_still_in_the_cell_editor(
    qtbot: object, controller: Controller, draft: Path, log: DialogLog
) -> None:
    window = _open(controller, draft, qtbot)
    _type_in_cell(window, "41")
    window.close()
    QApplication.processEvents()
    assert _saved_cell(draft) == 41
    assert not log.messages


@pytest.mark.parametrize("how", ["F8", "step", "menu", "check page"])
def test_jumps_and_menus_take_the_cell_editor_first(
    qtbot: object, controller: Controller, draft: Path, how: str
) -> None:
    window = _open(controller, draft, qtbot)
    editor = _type_in_cell(window, "42")
    if how == "F8":
        qtbot.keyClick(editor, Qt.Key.Key_F8)  # type: ignore[attr-defined]
    elif how == "step":
        item = window.steps.item(T3_STEP + 1)
        qtbot.mouseClick(  # type: ignore[attr-defined]
            window.steps.viewport(),
            Qt.MouseButton.LeftButton,
            pos=window.steps.visualItemRect(item).center(),
        )
        assert window.current_step == T3_STEP + 1
    elif how == "menu":
        next(a for a in window.actions() if a.text() == "放大文字").trigger()
    else:
        window.go_to_step(CHECK_STEP)
    assert window.document.value(CELL) == 42
    assert not _editing(window)
    assert _saved_cell(draft) == 42  # and saved at once


def test_export_decides_on_the_number_still_in_the_cell_editor(
    qtbot: object, controller: Controller, draft: Path, log: DialogLog, tmp_path: Path
) -> None:
    window = _open(controller, draft, qtbot)
    assert window.document.error_count == 0
    _type_in_cell(window, "43")  # table 3 no longer balances once this is taken
    log.choose_answers = [1]  # 取消 at the question about a 草稿
    window.export_buttons["pdf"].click()
    assert window.document.error_count > 0
    asked = log.texts("choose")
    assert asked and "草稿" in asked[-1]
    assert not list(tmp_path.glob("*.pdf"))
    assert _saved_cell(draft) == 43  # an export saves first


def test_a_value_that_is_not_a_number_keeps_the_editor_open_and_the_action_waits(
    qtbot: object, controller: Controller, draft: Path, log: DialogLog
) -> None:
    window = _open(controller, draft, qtbot)
    before = draft.read_bytes()
    old = window.document.value(CELL)
    editor = _type_in_cell(window, "abc")
    assert not window.save_now()
    assert _editing(window) and editor.text() == "abc"
    page = window.table_pages["t3"]
    assert page.notice.isVisible() and "不是数字" in page.notice.text()  # type: ignore[attr-defined]
    window.go_to_step(0)
    assert window.current_step == T3_STEP and window.steps.currentRow() == T3_STEP
    window.close()
    QApplication.processEvents()
    assert window.isVisible() and _editing(window)  # the close waits too
    assert draft.read_bytes() == before
    assert window.document.value(CELL) == old
    editor.setText("44")
    assert window.save_now()
    assert _saved_cell(draft) == 44


def test_leaving_the_window_saves_what_she_typed(
    qtbot: object, controller: Controller, draft: Path
) -> None:
    window = _open(controller, draft, qtbot)
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（离开前）")
    assert window.saving.autosaver.pending
    other = QWidget()
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)  # type: ignore[attr-defined]
    assert "（离开前）" in draft.read_text(encoding="utf-8")
    assert not window.saving.autosaver.dirty
    other.close()


# -- autosave under steady typing -------------------------------------------------------------


def _saved_to(
    path: Path, sample: Path, delay_ms: int, longest_wait_ms: int
) -> tuple[ReportDocument, AutoSaver, list[object]]:
    """The sample as a document of ``path`` with an autosaver of these waits, and the list that
    each of its saves is appended to."""
    document = ReportDocument(store.load_report(sample), path)
    saver = AutoSaver(document, delay_ms=delay_ms, longest_wait_ms=longest_wait_ms)
    saves: list[object] = []
    saver.saved.connect(saves.append)
    return document, saver, saves


def test_steady_changes_are_saved_by_the_longest_wait(
    qtbot: object, dazhai_path: Path, tmp_path: Path
) -> None:
    """Changes closer together than the pause that saves still reach the disk."""
    path = tmp_path / "d.gaidesk"
    document, saver, saves = _saved_to(path, dazhai_path, delay_ms=300, longest_wait_ms=600)
    for n in range(40):  # 40 changes 50 ms apart: the pause of 300 ms never comes
        document.set_text("overview.active", f"第{n}次")
        qtbot.wait(50)  # type: ignore[attr-defined]
        if saves:
            break
    assert saves, "no save while the changes kept coming"
    assert "第" in store.load_report(path).text["overview.active"]
    assert saver.pending or not saver.dirty


def test_nothing_is_saved_while_nothing_changes(
    qtbot: object, dazhai_path: Path, tmp_path: Path
) -> None:
    document, saver, saves = _saved_to(
        tmp_path / "d.gaidesk", dazhai_path, delay_ms=50, longest_wait_ms=100
    )
    document.set_text("overview.active", "一次")
    qtbot.waitUntil(lambda: len(saves) == 1)  # type: ignore[attr-defined]
    qtbot.wait(300)  # type: ignore[attr-defined]
    assert len(saves) == 1 and not saver.pending


# -- locks of other computers -----------------------------------------------------------------


def _foreign_lock(path: Path, idle: float) -> Path:
    lock = path.parent / f".{path.name}.lock"
    started = time.time() - idle - 600
    body = {"pid": 4242, "host": "county-pc-07", "started": started, "heartbeat": 60}
    lock.write_text(json.dumps(body), encoding="utf-8")
    os.utime(lock, (time.time() - idle, time.time() - idle))
    return lock


def test_abandoned_lock_of_another_computer_can_be_taken_over(
    qtbot: object, controller: Controller, draft: Path, log: DialogLog
) -> None:
    lock = _foreign_lock(draft, idle=3 * 3600)
    log.choose_answers = [2]  # 取消: nothing happens
    assert controller.open_draft(draft) is None
    question = log.texts("choose")[-1]
    assert "county-pc-07" in question and "3 小时" in question and "接管" in question
    assert "county-pc-07" in lock.read_text(encoding="utf-8")

    log.choose_answers = [0]  # 接管并继续编辑
    window = _open(controller, draft, qtbot)
    assert not window.read_only
    assert "接管" in window.banner.label.text() and "county-pc-07" in window.banner.label.text()
    assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（接管后）")
    window.close()
    QApplication.processEvents()
    assert "（接管后）" in draft.read_text(encoding="utf-8")
    assert not lock.exists()


def test_a_lock_in_use_on_another_computer_opens_read_only(
    qtbot: object, controller: Controller, draft: Path, log: DialogLog, tmp_path: Path
) -> None:
    lock = _foreign_lock(draft, idle=20)
    before = draft.read_bytes()
    log.choose_answers = [0]  # 以只读方式打开 (no takeover offered: it is alive)
    window = _open(controller, draft, qtbot)
    question = log.texts("choose")[-1]
    assert "正在另一台电脑（county-pc-07）上编辑" in question and "接管" not in question
    assert window.read_only and "只读" in window.banner.label.text()
    assert not window.menu_actions.save.isEnabled()
    window.go_to_step(0)
    assert window.basic_page.title.isReadOnly()
    window.go_to_step(T3_STEP)
    page = window.table_pages["t3"]
    page.focus_address(CELL)  # type: ignore[attr-defined]
    qtbot.keyClicks(page.view, "9")  # type: ignore[attr-defined]
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)  # type: ignore[attr-defined]
    assert window.document.value(CELL) == store.load_report(draft).cells[CELL]
    # What she can still do: export (and save a copy elsewhere).
    log.save_answers = [tmp_path / "只读导出.xlsx", tmp_path / "副本.gaidesk"]
    log.choose_answers = [0]
    window.go_to_step(CHECK_STEP)
    window.export_buttons["xlsx"].click()
    assert (tmp_path / "只读导出.xlsx").exists()
    assert window.save_as() == tmp_path / "副本.gaidesk"
    window.close()
    QApplication.processEvents()
    assert draft.read_bytes() == before
    assert "county-pc-07" in lock.read_text(encoding="utf-8")


def test_a_lock_taken_over_elsewhere_turns_the_window_read_only(
    qtbot: object, controller: Controller, draft: Path
) -> None:
    window = _open(controller, draft, qtbot)
    assert window.lock is not None and window.lock.lock_path is not None
    window.go_to_step(0)
    before = draft.read_bytes()
    ime_commit(window.basic_page.title, "（被接管后）")
    window.lock.lock_path.write_text(json.dumps({"pid": 1, "host": "other", "started": 1}))
    assert not window.save_now()  # the save notices before the heartbeat does
    assert window.read_only and "接管" in window.banner.label.text()
    assert window.basic_page.title.isReadOnly()
    window.close()
    QApplication.processEvents()
    assert draft.read_bytes() == before


# -- read-only and full data folders -----------------------------------------------------------


@pytest.fixture
def read_only_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders in which no file can be created, as on a read-only mount (root ignores modes)."""
    folders: list[Path] = []
    real_open = os.open

    def guarded(path: object, flags: int, *args: object, **kw: object) -> int:
        if flags & os.O_CREAT and any(Path(str(path)).is_relative_to(f) for f in folders):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded)
    yield folders


def test_read_only_data_folder_still_opens_a_draft_to_read_print_and_export(
    qtbot: object,
    controller: Controller,
    draft: Path,
    data_dir: Path,
    log: DialogLog,
    read_only_folder: list[Path],
    tmp_path: Path,
) -> None:
    read_only_folder.append(data_dir)
    controller.show_home()
    assert controller.home.banner.isVisible()
    assert "只读" in controller.home.banner.label.text()
    log.choose_answers = [0]  # 以只读方式打开
    window = _open(controller, draft, qtbot)
    assert "只读" in log.texts("choose")[-1]
    assert window.read_only
    log.save_answers = [tmp_path / "out.pdf"]
    log.choose_answers = [0]
    window.go_to_step(CHECK_STEP)
    window.export_buttons["pdf"].click()
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")
    assert window.exporter.pdf_bytes() is not None  # what printing and the preview draw
    window.close()


def test_full_disk_leaves_no_false_crash_banner(
    qtbot: object,
    controller: Controller,
    draft: Path,
    log: DialogLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    log.choose_answers = [0]  # 以只读方式打开
    window = _open(controller, draft, qtbot)
    assert "磁盘空间已满" in log.texts("choose")[-1]
    assert window.read_only
    window.close()
    QApplication.processEvents()
    # An empty lock as a full disk leaves it (created, never written):
    (draft.parent / f".{draft.name}.lock").write_bytes(b"")
    monkeypatch.setattr(os, "write", real_write)
    assert controller.check_recovery() == []
    again = _open(controller, draft, qtbot)
    assert not again.read_only
    assert not again.banner.isVisible() or "没有正常关闭" not in again.banner.label.text()


# -- the crash log and dialog ------------------------------------------------------------------


@pytest.fixture
def guard(data_dir: Path, controller: Controller) -> Iterator[crash.CrashGuard]:
    installed = crash.install(data_dir)
    installed.before_dialog = controller.save_all
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_saved_and_shown(
    qtbot: object,
    controller: Controller,
    draft: Path,
    guard: crash.CrashGuard,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = _open(controller, draft, qtbot)
    window.go_to_step(0)
    ime_commit(window.basic_page.title, "（出错前的修改）")

    def broken_slot() -> None:
        raise RuntimeError("deliberate failure 大寨镇机密文字")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible())  # type: ignore[attr-defined]
    assert "（出错前的修改）" in draft.read_text(encoding="utf-8")  # saved before the dialog
    dialog = guard.dialog
    assert dialog is not None
    assert str(guard.log_path) in dialog.where.text()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "deliberate failure" in copied and "broken_slot" in copied
    guard.flush()
    logged = guard.log_path.read_text(encoding="utf-8")
    assert "RuntimeError: deliberate failure" in logged and "broken_slot" in logged
    assert "大寨镇" not in logged and "出错前" not in logged  # no report text in the log
    assert window.isVisible()  # the program goes on
    assert "RuntimeError" in capsys.readouterr().err


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_fault_while_saving_is_a_banner_and_a_log_entry(
    qtbot: object,
    controller: Controller,
    draft: Path,
    guard: crash.CrashGuard,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not only the file system's errors: any exception in the save path tells her the draft
    is not saved (never silence), lands in the log and keeps what she typed in memory."""
    window = _open(controller, draft, qtbot)
    window.go_to_step(0)
    before = draft.read_bytes()

    def broken_save(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("deliberate save fault")

    monkeypatch.setattr(store, "save_report", broken_save)
    ime_commit(window.basic_page.title, "（未能保存的修改）")
    assert not window.save_now()
    assert window.status.save_label.text() == "未能保存"
    assert window.banner.isVisible() and "程序内部出错" in window.banner.label.text()
    assert "（未能保存的修改）" in window.document.report.meta.title  # kept in memory
    assert draft.read_bytes() == before
    qtbot.waitUntil(lambda: guard.dialog is not None)  # type: ignore[attr-defined]
    guard.flush()
    assert "RuntimeError: deliberate save fault" in guard.log_path.read_text(encoding="utf-8")
    assert "RuntimeError" in capsys.readouterr().err


@pytest.mark.qt_no_exception_capture
@pytest.mark.qt_log_ignore("QWidget: something odd")
def test_errors_of_threads_and_qt_warnings_are_logged(
    qtbot: object, guard: crash.CrashGuard
) -> None:
    def broken() -> None:
        raise ValueError("in a worker")

    worker = threading.Thread(target=broken)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: guard.dialog is not None)  # type: ignore[attr-defined]
    guard.qt_message(crash.QtMsgType.QtWarningMsg, None, "QWidget: something odd")  # type: ignore[arg-type]
    guard.flush()
    logged = guard.log_path.read_text(encoding="utf-8")
    assert "ValueError: in a worker" in logged and "Qt: QWidget: something odd" in logged


def test_the_log_stays_small(data_dir: Path) -> None:
    installed = crash.CrashGuard(data_dir)
    assert not installed.log_path.exists()  # nothing is written before the first fault
    try:
        for n in range(3000):
            installed.log(crash.ERROR, "line %d %s", n, "x" * 200)
    finally:
        installed.uninstall()
    files = list(installed.log_path.parent.iterdir())
    assert sum(f.stat().st_size for f in files) <= 2 * crash.LOG_BYTES + 1000
    assert len(files) == 2


# -- work off the window's thread ---------------------------------------------------------------


def test_slow_work_shows_progress_keeps_the_window_responsive_and_can_be_cancelled(
    qtbot: object,
) -> None:
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()

    shown: list[str] = []

    def cancel_when_shown() -> None:
        from PySide6.QtWidgets import QProgressDialog, QPushButton

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                shown.append(widget.labelText())
                button = widget.findChild(QPushButton)
                assert button is not None and button.text() == "取消"
                button.click()
                return
        QTimer.singleShot(20, cancel_when_shown)

    QTimer.singleShot(20, cancel_when_shown)
    with pytest.raises(background.Cancelled):
        background.run_with_progress(None, "导入", "正在读取…", release.wait, delay_ms=50)
    release.set()
    timer.stop()
    assert shown == ["正在读取…"]
    assert len(ticks) >= 3  # the event loop kept running while the work waited


def test_work_result_and_errors_come_back(qtbot: object) -> None:
    assert background.run_with_progress(None, "t", "l", lambda: 41 + 1) == 42
    with pytest.raises(KeyError):
        background.run_with_progress(None, "t", "l", lambda: {}["x"])


def test_importing_a_workbook_runs_off_the_window_thread(
    qtbot: object,
    controller: Controller,
    dazhai_path: Path,
    tmp_path: Path,
    log: DialogLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gaidesk import importer, workbook

    book = tmp_path / "表.xlsx"
    report = store.load_report(dazhai_path)
    workbook.export_xlsx(report, book, findings=rules.check(report))
    threads: list[str] = []
    real = importer.import_file

    def watched(path: Path) -> object:
        threads.append(threading.current_thread().name)
        return real(path)

    monkeypatch.setattr(importer, "import_file", watched)
    log.open_answers = [book]
    window = controller.import_excel()
    assert window is not None
    assert threads == ["gaidesk-work"]
    assert window.document.report.cells == store.load_report(dazhai_path).cells


def test_a_big_draft_is_read_off_the_window_thread(
    qtbot: object, controller: Controller, draft: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gaidesk.gui import app as app_module

    threads: list[str] = []
    real = store.load_report

    def watched(path: Path, **kw: object) -> object:
        threads.append(threading.current_thread().name)
        return real(path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "BIG_DRAFT_BYTES", 0)
    monkeypatch.setattr(store, "load_report", watched)
    window = _open(controller, draft, qtbot)
    assert threads[:1] == ["gaidesk-work"]
    assert window.document.report.meta.agency == "大寨镇人民政府"


def test_a_data_folder_that_takes_no_log_leaves_stderr_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    installed = crash.CrashGuard(blocked)
    try:
        installed.log(crash.ERROR, "nowhere to go")
    finally:
        installed.uninstall()
    assert capsys.readouterr().err == ""
    assert blocked.read_text(encoding="utf-8") == "x"
