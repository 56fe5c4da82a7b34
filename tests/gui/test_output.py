"""What the clerk is told and shown around output: messages that do not go stale, file names,
dialogs, the drafts list following the folder, figures she can read."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk.gui.app import Controller
from gaidesk.gui.wizard.window import WizardWindow
from tests.support.gui import DialogLog, open_copy

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def window(controller: Controller, dazhai_path: Path, qtbot: object) -> WizardWindow:
    window = open_copy(controller, dazhai_path)
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    return window


def test_a_passing_status_message_leaves_the_counts_in_place(window: WizardWindow) -> None:
    counts = window.status.counts_label
    assert counts.isVisible() and counts.text()
    before = counts.geometry()
    window.statusBar().showMessage(
        "已另存为 某个很长很长的文件夹名称/大寨镇2025年报告.gaidesk", 8000
    )
    assert counts.isVisible()
    assert counts.geometry() == before
    assert window.statusBar().currentMessage()


def _compare(window: WizardWindow, key: str, last: str) -> object:
    from gaidesk import store

    previous = store.load_report(window.document.path)
    previous.meta.year = 2024
    previous.text[key] = last
    window.document.set_previous(previous)
    window.go_to_step(1)
    part = window.narrative_pages["一"].editors[key]
    part.compare_button.click()
    return part


def _marked(editor: object) -> list[str]:
    return [s.cursor.selectedText() for s in editor.extraSelections()]  # type: ignore[attr-defined]


def test_sameness_marks_the_same_sentences_in_both_texts_and_says_the_limit(
    window: WizardWindow,
) -> None:
    from gaidesk.gui.narrative import NarrativePage, PartEditor
    from tests.support.gui import ime_commit

    copied = "通过政务公开栏、村公示栏等渠道主动公开政策文件和通知公告"
    own = "今年新建了政务服务大厅的自助查询机，群众可以随时查阅办事指南和各类表格"
    part = _compare(window, "overview.active", "上年我镇" + copied + "。另有旧话一句，不再沿用。")
    assert isinstance(part, PartEditor)
    assert isinstance(window.narrative_pages["一"], NarrativePage)
    part.editor.selectAll()
    ime_commit(part.editor, own + "。" + copied + "。")
    assert _marked(part.editor) == [copied]
    assert _marked(part.previous_text) == [copied]
    assert 20 < part.sameness_percent < 50 and not part.similar_high
    assert "没有超过一半（50%）" in part.meter.text()
    assert "progress" not in type(part.meter).__name__.lower()

    part.editor.selectAll()
    ime_commit(part.editor, copied + "。")
    assert part.similar_high
    assert "超过了一半（50%）" in part.meter.text() and "雷同" in part.meter.text()
    part.compare_button.click()  # closed: no marks left behind
    assert _marked(part.editor) == []


def test_a_copied_slogan_is_flagged_in_the_meter_and_the_rules(window: WizardWindow) -> None:
    from tests.support.gui import ime_commit

    slogan = "坚持以公开为常态、不公开为例外，全面推进政务公开"
    part = _compare(window, "overview.active", slogan)
    part.editor.selectAll()  # type: ignore[attr-defined]
    ime_commit(part.editor, slogan)  # type: ignore[attr-defined]
    assert part.similar_high  # type: ignore[attr-defined]
    assert part.sameness_percent == 100  # type: ignore[attr-defined]
    found = window.document.findings_at("text.overview.active")
    assert [f.rule for f in found] == ["X-SIMILAR"]


def test_a_draft_is_offered_under_a_name_saying_so(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    title = window.document.report.meta.effective_title
    log.save_answers = [None, None]
    window.exporter.export_pdf()  # no errors: the plain title
    window.document.set_cell("t3.new.natural", 4)  # table 3 no longer balances
    log.choose_answers = [0]  # 仍然导出草稿
    window.exporter.export_pdf()
    assert [Path(s).name for s in log.suggested] == [f"{title}.pdf", f"{title}（草稿）.pdf"]
    log.choose_answers = [0]
    log.save_answers = [None]
    window.exporter.export_xlsx()
    assert Path(log.suggested[-1]).name == f"{title}（草稿）.xlsx"


def test_done_is_said_without_a_question_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    """dialogs.offer (「已导出PDF」 with 打开文件 …) shows the information icon."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gaidesk.gui import dialogs

    seen: list[QMessageBox.Icon] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.icon())
        box.buttons()[0].click()

    for ask in (dialogs.offer, dialogs.choose):
        QTimer.singleShot(0, close_box)
        assert ask(None, "导出PDF", "已导出PDF", ["好", "打开文件"], 0) == 0
    assert seen == [QMessageBox.Icon.Information, QMessageBox.Icon.Question]


def test_the_home_list_notices_a_draft_copied_into_the_folder(
    controller: Controller, dazhai_path: Path, huaian_path: Path, qtbot: object
) -> None:
    import shutil

    from tests.support.gui import library_copy

    library_copy(controller, dazhai_path)
    home = controller.show_home()
    qtbot.waitExposed(home)  # type: ignore[attr-defined]
    assert home.drafts.topLevelItemCount() == 1
    shutil.copy(huaian_path, controller.library.drafts_dir / "从U盘拷来的.gaidesk")
    qtbot.waitUntil(lambda: home.drafts.topLevelItemCount() == 2, timeout=10000)  # type: ignore[attr-defined]


def test_f5_refreshes_the_home_list(
    controller: Controller, dazhai_path: Path, huaian_path: Path, qtbot: object
) -> None:
    import shutil

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    home = controller.show_home()
    qtbot.waitExposed(home)  # type: ignore[attr-defined]
    home.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is home)  # type: ignore[attr-defined]
    assert home.drafts.topLevelItemCount() == 0
    home._watcher.removePaths(home._watcher.directories())  # a folder the watcher cannot see
    shutil.copy(huaian_path, controller.library.drafts_dir / "拷来的.gaidesk")
    qtbot.keyClick(home.focusWidget() or home, Qt.Key.Key_F5)  # type: ignore[attr-defined]
    assert home.drafts.topLevelItemCount() == 1
