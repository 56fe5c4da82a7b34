"""「检查与导出」: PDF (a draft when errors remain), preview, printing and the Excel workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from gaidesk.gui.app import Controller
from gaidesk.gui.printing import PreviewDialog, print_pdf
from gaidesk.gui.wizard.window import WizardWindow
from tests.support.gui import DialogLog, open_copy

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def window(controller: Controller, dazhai_path: Path) -> WizardWindow:
    return open_copy(controller, dazhai_path)


def test_check_page_offers_the_exports(window: WizardWindow) -> None:
    assert set(window.export_buttons) == {"preview", "print", "pdf", "xlsx", "docx", "html"}
    # The sample's two warnings (一（五）: 条例第五十条's results; 六: the fee sentence) must be
    # confirmed before 可以定稿.
    warnings = [f for f in window.document.findings if f.severity == "warning"]
    assert [f.rule for f in warnings] == ["S1-OVERSIGHT", "S6-FEE"]
    for warning in warnings:
        assert window.check_page.verdict_text() == "还不能定稿"
        window.document.confirm(warning)
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
    assert not log.texts("choose")  # no draft question: no errors
    (done,) = log.texts("offer")  # said with the information icon, not a question mark
    assert "已导出PDF" in done


def test_export_pdf_names_the_substitute_fonts(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    """A rare character that the body's face lacks: the message after the export names the
    face that drew it and the character, as ``gaidesk export`` does."""
    from gaidesk import fonts

    fontset = fonts.choose([window.exporter.library.fonts_dir])
    substitute = fontset.face_for(fonts.BODY, "𡈽")
    if substitute is None or substitute == fontset.roles[fonts.BODY].face:
        pytest.fail("a face with 𡈽 other than the body's is needed: packaging/setup.sh test")
    window.document.set_text("overview.active", "我镇𡈽村的群众")
    log.save_answers = [tmp_path / "生僻字.pdf"]
    log.choose_answers = [0]  # 好
    assert window.exporter.export_pdf() == tmp_path / "生僻字.pdf"
    done = log.texts("offer")[-1]
    assert "以下字符用替代字体印出：" in done
    assert f"𡈽（{substitute.display_name}）" in done
    assert done.index(str(tmp_path / "生僻字.pdf")) < done.index("以下字符")


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
    assert "草稿PDF" in log.texts("offer")[-1]


def _file_printer(path: Path, screen_resolution: bool = False) -> QPrinter:
    """A printer that writes a PDF file at ``path``, at the printer's (high) resolution or, for
    a quick test, the screen's."""
    from PySide6.QtPrintSupport import QPrinter

    modes = QPrinter.PrinterMode
    printer = QPrinter(modes.ScreenResolution if screen_resolution else modes.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_preview_and_print(window: WizardWindow, tmp_path: Path) -> None:
    dialog = window.exporter.preview()
    assert isinstance(dialog, PreviewDialog)
    pages = dialog.pdf.pageCount()
    assert pages >= 2
    out = tmp_path / "printed.pdf"
    assert print_pdf(dialog.data, _file_printer(out, screen_resolution=True))
    assert len(PdfReader(out).pages) == pages
    dialog.close()


def test_export_xlsx(window: WizardWindow, log: DialogLog, tmp_path: Path) -> None:
    import openpyxl

    log.save_answers = [tmp_path / "表格.xlsx"]
    written = window.exporter.export_xlsx()
    assert written == tmp_path / "表格.xlsx"
    book = openpyxl.load_workbook(written)
    assert len(book.sheetnames) >= 4


def test_export_word_from_its_button(window: WizardWindow, log: DialogLog, tmp_path: Path) -> None:
    import zipfile

    log.save_answers = [tmp_path / "给领导修改"]
    log.choose_answers = [0]  # 好
    window.export_buttons["docx"].click()
    written = tmp_path / "给领导修改.docx"  # the suffix is added
    with zipfile.ZipFile(written) as package:
        assert "大寨镇人民政府" in package.read("word/document.xml").decode("utf-8")
    (done,) = log.texts("offer")
    assert "已导出Word文档" in done and "草稿" not in done
    # With errors: asked first, then a draft marked in its header.
    window.document.set_cell("t3.new.natural", 4)
    log.choose_answers = [0, 0]  # 仍然导出草稿, 好
    log.save_answers = [tmp_path / "草稿.docx"]
    assert window.exporter.export_docx() == tmp_path / "草稿.docx"
    assert "“草稿”" in log.texts("offer")[-1]
    with zipfile.ZipFile(tmp_path / "草稿.docx") as package:
        headers = [n for n in package.namelist() if n.startswith("word/header")]
        assert headers and "草稿" in package.read(headers[0]).decode("utf-8")


def test_print_only_the_pages_asked_for(window: WizardWindow, tmp_path: Path) -> None:
    """The print dialog (Windows' own, on a clerk's computer) offers a page range: honour it."""
    from PySide6.QtPrintSupport import QPrinter

    dialog = window.exporter.preview()
    assert isinstance(dialog, PreviewDialog)
    pages = dialog.pdf.pageCount()
    assert pages >= 3
    out = tmp_path / "range.pdf"
    printer = _file_printer(out, screen_resolution=True)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf(dialog.data, printer)
    assert len(PdfReader(out).pages) == 2
    dialog.close()


def test_printing_runs_beside_the_window_and_says_when_done(
    window: WizardWindow, log: DialogLog, tmp_path: Path, qtbot: object
) -> None:
    """The job runs on its own thread: the window's event loop keeps turning while it prints,
    a progress window shows, the pages reach the printer as vectors (a small file with text in
    it, not page images) and she is told 「已发送到打印机」."""
    import shiboken6
    from PySide6.QtCore import QTimer

    from gaidesk import pdf

    out = tmp_path / "printed.pdf"
    turns_while_printing: list[bool] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(
        lambda: turns_while_printing.append(
            window.exporter.print_job is not None and window.exporter.print_job.isRunning()
        )
    )
    timer.start()
    job = window.exporter.start_print(_file_printer(out))
    assert job.isRunning() or job.isFinished()
    progress = window.exporter.print_progress
    assert progress is not None and progress.isVisible()
    qtbot.waitUntil(lambda: window.exporter.print_job is None, timeout=60000)  # type: ignore[attr-defined]
    timer.stop()
    assert any(turns_while_printing)  # events were processed while the job ran
    assert not shiboken6.isValid(progress) or not progress.isVisible()  # closed
    pages = len(
        PdfReader(io.BytesIO(pdf.render_pdf_bytes(window.document.report, findings=[]))).pages
    )
    assert log.texts("inform") == [f"已发送到打印机，共 {pages} 页。"]
    assert out.stat().st_size < 2_000_000
    reader = PdfReader(out)
    assert "政府信息公开" in "".join(page.extract_text() for page in reader.pages)
    assert not any(page.images for page in reader.pages)


def test_a_print_that_fails_says_why(
    window: WizardWindow, log: DialogLog, tmp_path: Path, qtbot: object
) -> None:
    window.exporter.start_print(_file_printer(tmp_path / "no-such-folder" / "printed.pdf"))
    qtbot.waitUntil(lambda: window.exporter.print_job is None, timeout=60000)  # type: ignore[attr-defined]
    assert not log.texts("inform")
    (warning,) = log.texts("warn")
    assert "找不到文件夹" in warning


def test_pages_drawn_as_images_where_no_vector_route_exists(
    window: WizardWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' printers get page images at the printer's resolution, at most RASTER_DPI_LIMIT."""
    from PySide6.QtPrintSupport import QPrinter

    from gaidesk import pdf
    from gaidesk.gui import printing

    data = pdf.render_pdf_bytes(window.document.report, findings=[])
    drawn: list[tuple[int, int]] = []
    plain = printing.QPainter.drawImage

    def record(painter: object, target: object, image: object) -> None:
        drawn.append((image.width(), image.height()))  # type: ignore[attr-defined]
        plain(painter, target, image)  # type: ignore[arg-type]

    monkeypatch.setattr(printing, "print_route", lambda printer: "raster")
    monkeypatch.setattr(printing.QPainter, "drawImage", record)
    printer = _file_printer(tmp_path / "raster.pdf")
    assert isinstance(printer, QPrinter)
    printer.setResolution(600)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 2)
    assert printing.send_pdf(data, printer) == 2
    a4_width_at_limit = round(595.28 * printing.RASTER_DPI_LIMIT / 72)
    assert [w for w, _ in drawn] == [a4_width_at_limit] * 2
    assert len(PdfReader(tmp_path / "raster.pdf").pages) == 2


def test_cups_gets_the_pdf_itself(
    window: WizardWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux and macOS the PDF goes to lp, with the printer, copies and sides chosen."""
    from gaidesk import pdf
    from gaidesk.gui import printing

    fake = tmp_path / "bin" / "lp"
    fake.parent.mkdir()
    fake.write_text(
        '#!/bin/sh\nfor a; do last="$a"; done\n'
        f'echo "$@" > {tmp_path}/args\ncp "$last" {tmp_path}/spooled.pdf\n'
        'echo "request id is Office-1"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    data = pdf.render_pdf_bytes(window.document.report, findings=[])
    printing.spool_pdf(data, "Office", copies=2, title="年报", sides="two-sided-long-edge")
    args = (tmp_path / "args").read_text().split()
    assert args[:8] == ["-d", "Office", "-n", "2", "-t", "年报", "-o", "sides=two-sided-long-edge"]
    assert (tmp_path / "spooled.pdf").read_bytes() == data

    fake.write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(printing.PrintError, match=r"Office.*does not exist"):
        printing.spool_pdf(data, "Office")


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


def test_web_version_to_a_file_and_the_clipboard(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    log.save_answers = [tmp_path / "网站发布版"]
    window.export_buttons["html"].click()
    written = tmp_path / "网站发布版.html"
    page = written.read_text(encoding="utf-8")
    assert page.count("<table ") == 3 and '<meta charset="utf-8">' in page
    (done,) = log.texts("offer")
    assert "已复制到剪贴板" in done and "Ctrl+V" in done and str(written) in done
    assert "草稿" not in done and "生僻字" not in done
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert mime.html().count("<table ") == 3 and 'rowspan="' in mime.html()
    title = window.document.report.meta.effective_title
    assert mime.text().startswith(title + "\n")
    assert title in mime.html() and "<script" not in mime.html()


def test_web_version_of_a_draft_names_its_rare_characters(
    window: WizardWindow, log: DialogLog, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    window.document.set_cell("t3.new.natural", 4)  # table 3 no longer balances
    window.document.report.meta.agency = "㵘𠀾镇人民政府"
    log.choose_answers = [0, 0]  # 仍然导出草稿, 好
    log.save_answers = [tmp_path / "草稿.html"]
    assert window.exporter.export_html() == tmp_path / "草稿.html"
    done = log.texts("offer")[-1]
    assert "标有“草稿”" in done and "生僻字：㵘、𠀾" in done
    assert "草稿：报告仍有错误" in QApplication.clipboard().mimeData().html()
    assert "㵘𠀾镇人民政府" in QApplication.clipboard().mimeData().text()
