"""「检查与导出」: PDF (a draft when errors remain), preview, printing and the Excel workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from gaidesk.gui.app import Controller
from gaidesk.gui.export import PreviewDialog, print_pdf
from gaidesk.gui.mainwindow import WizardWindow
from gui_helpers import DialogLog, open_copy

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def window(controller: Controller, dazhai_path: Path) -> WizardWindow:
    return open_copy(controller, dazhai_path)


def test_check_page_offers_the_exports(window: WizardWindow) -> None:
    assert set(window.export_buttons) == {"preview", "print", "pdf", "xlsx"}
    assert window.check_page.verdict_text() == "可以定稿"


def test_export_pdf_final_and_offer_to_open(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    log.save_answers = [tmp_path / "大寨镇年报"]
    log.choose_answers = [0]  # 好
    target = window.export_buttons["pdf"]
    target.click()
    written = tmp_path / "大寨镇年报.pdf"
    assert written.exists()
    assert len(PdfReader(written).pages) >= 2
    asked = log.texts("choose")
    assert len(asked) == 1 and "已导出PDF" in asked[0]  # no draft question: no errors


def test_export_with_errors_is_a_draft_or_nothing(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    window.document.set_cell("t3.new.natural", 4)  # table 3 no longer balances
    assert window.document.error_count
    assert "还有" in window.check_page.verdict_text()
    log.choose_answers = [1]  # 取消
    assert window.exporter.export_pdf() is None
    assert not list(tmp_path.glob("*.pdf"))
    log.choose_answers = [0, 0]  # 仍然导出草稿, 好
    log.save_answers = [tmp_path / "草稿.pdf"]
    written = window.exporter.export_pdf()
    assert written == tmp_path / "草稿.pdf" and written.exists()
    assert "草稿PDF" in log.texts("choose")[-1]


def test_preview_and_print(window: WizardWindow, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    dialog = window.exporter.preview()
    assert isinstance(dialog, PreviewDialog)
    pages = dialog.pdf.pageCount()
    assert pages >= 2
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(dialog.data, printer)
    assert len(PdfReader(out).pages) == pages
    dialog.close()


def test_export_xlsx(window: WizardWindow, log: DialogLog, tmp_path: Path) -> None:
    import openpyxl

    log.save_answers = [tmp_path / "表格.xlsx"]
    written = window.exporter.export_xlsx()
    assert written == tmp_path / "表格.xlsx"
    book = openpyxl.load_workbook(written)
    assert len(book.sheetnames) >= 4


def test_print_only_the_pages_asked_for(window: WizardWindow, tmp_path: Path) -> None:
    """The print dialog (Windows' own, on a clerk's computer) offers a page range: honour it."""
    from PySide6.QtPrintSupport import QPrinter

    dialog = window.exporter.preview()
    assert isinstance(dialog, PreviewDialog)
    pages = dialog.pdf.pageCount()
    assert pages >= 3
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "range.pdf"
    printer.setOutputFileName(str(out))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf(dialog.data, printer)
    assert len(PdfReader(out).pages) == 2
    dialog.close()


def test_export_onto_a_read_only_file_is_refused_with_a_message(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    target = tmp_path / "sent.xlsx"
    target.write_bytes(b"the copy already sent")
    target.chmod(0o444)
    log.save_answers = [target]
    assert window.exporter.export_xlsx() is None
    assert target.read_bytes() == b"the copy already sent"
    warned = log.texts("warn")
    assert len(warned) == 1 and "只读" in warned[0]
