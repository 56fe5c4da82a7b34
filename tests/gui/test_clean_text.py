"""Typing and pasting into the text fields: characters no file can hold are removed at once,
with a message under the field that says where; the report never holds them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gaidesk import format as fmt
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.narrative import PartEditor
from gaidesk.gui.pages.basic import BasicInfoPage
from gaidesk.model import Report
from gaidesk.store import load_report, save_report

PASTED = "大寨镇\x0b人民\x1b政府"


def _document(dazhai_path: Path) -> ReportDocument:
    return ReportDocument(load_report(dazhai_path))


def test_paste_into_a_narrative_part_removes_control_characters(
    qtbot: QtBot, dazhai_path: Path
) -> None:
    document = _document(dazhai_path)
    part = fmt.TEXT_PART_BY_KEY["overview.active"]
    editor = PartEditor(document, part)
    qtbot.addWidget(editor)
    editor.show()
    original = document.report.text[part.key]
    editor.editor.setFocus()
    editor.editor.selectAll()
    QApplication.clipboard().setText("第一段😀\x1b含控制符\t保留制表\n第二段\x85完")
    editor.editor.paste()
    want = "第一段😀含控制符\t保留制表\n第二段完"
    assert editor.editor.toPlainText() == want
    assert document.report.text[part.key] == want
    assert editor.char_note.isVisibleTo(editor)
    assert fmt.cell_name(part.address) in editor.char_note.text()
    assert "2 个无法保存的字符" in editor.char_note.text()
    # One undo takes the paste back, cleaning included.
    editor.editor.undo()
    assert editor.editor.toPlainText() == original
    assert document.report.text[part.key] == original
    # The note goes when she leaves the field.
    editor.char_note.eventFilter(editor.editor, _focus_out())
    assert not editor.char_note.isVisibleTo(editor)


def _focus_out() -> object:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QFocusEvent

    return QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)


def test_paste_into_the_body_name_removes_control_characters(
    qtbot: QtBot, dazhai_path: Path
) -> None:
    document = _document(dazhai_path)
    page = BasicInfoPage(document)
    qtbot.addWidget(page)
    page.show()
    page.agency.setFocus()
    page.agency.selectAll()
    QApplication.clipboard().setText(PASTED)
    page.agency.paste()
    assert page.agency.text() == "大寨镇人民政府"
    assert document.report.meta.agency == "大寨镇人民政府"
    assert page.char_note.isVisibleTo(page)
    assert "报告单位" in page.char_note.text()

    page.title.setFocus()
    page.title.selectAll()
    QApplication.clipboard().setText("标题\x07一")
    page.title.paste()
    assert document.report.meta.title == "标题一"
    assert "报告标题" in page.char_note.text()


def test_the_document_setters_clean_too(qtbot: QtBot) -> None:
    document = ReportDocument(Report.blank("镇", 2025))
    document.set_meta(agency="某\x0b镇\udc80人民政府", short_name="某\x1b镇")
    document.set_text("overview.active", "正文\x00\r\n下一行")
    document.set_part_title("overview.active", "小标题\x9f")
    report = document.report
    assert report.meta.agency == "某镇人民政府"
    assert report.meta.short_name == "某镇"
    assert report.text["overview.active"] == "正文\n下一行"
    assert report.titles["overview.active"] == "小标题"


def test_what_opening_removed_is_said_on_the_first_page(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "dirty.gaidesk"
    report = Report.blank("镇", 2025)
    save_report(report, path)
    path.write_text(path.read_text(encoding="utf-8").replace('"镇"', '"\\udc80镇\\u001b"'))
    document = ReportDocument(load_report(path))
    page = BasicInfoPage(document)
    qtbot.addWidget(page)
    assert document.report.meta.agency == "镇"
    assert page.char_note.isVisibleTo(page)
    assert "报告单位" in page.char_note.text() and "2 个" in page.char_note.text()
