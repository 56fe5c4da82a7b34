"""Export and print from 「检查与导出」: PDF, a page preview, printing, the Excel workbook, the
Word document and the 网站发布版 (a web page written to a file and put on the clipboard for the
CMS editor).

The exporters are the core's (gaidesk.pdf, gaidesk.workbook, gaidesk.docx_export,
gaidesk.webpage), imported when first used so the window starts without reportlab, openpyxl or
python-docx. A report with errors leaves only as a 「草稿」, and she is told so before the file is
written.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QObject,
    QRectF,
    QSize,
    Qt,
    QThread,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import store
from gaidesk.errors import ExportError
from gaidesk.gui import dialogs
from gaidesk.gui.common import pdf_available, workbook_available
from gaidesk.gui.document import ReportDocument
from gaidesk.model import Report

__all__ = [
    "Exporter",
    "PreviewDialog",
    "PrintJob",
    "pdf_available",
    "print_pdf",
    "send_pdf",
    "workbook_available",
]


def _suggested(document: ReportDocument, suffix: str, folder: Path | None) -> str:
    """The file name offered: the report's title, marked 「（草稿）」 while errors remain (the
    file will carry the draft mark, and its name should say so too)."""
    draft = "（草稿）" if document.error_count else ""
    name = store.safe_file_name(document.report.meta.effective_title) + draft + suffix
    base = folder if folder is not None and folder.is_dir() else Path.home()
    return str(base / name)


class Exporter:
    """The export actions of one open report."""

    def __init__(self, document: ReportDocument, library: store.Library, parent: QWidget) -> None:
        self.document = document
        self.library = library
        self.parent = parent
        self.last_folder: Path | None = None
        self.print_job: PrintJob | None = None
        self.print_progress: QProgressDialog | None = None

    # -- common ---------------------------------------------------------------------------

    def _draft_ok(self, what: str) -> bool:
        """With errors, the file can only be a draft: say so and let her decide."""
        errors = self.document.error_count
        if not errors:
            return True
        choice = dialogs.choose(
            self.parent,
            what,
            f"报告还有 {fmt.counts_text(errors, 0)}，"
            "导出的文件将标明“草稿”，不能作为正式报告发布。\n"
            "可以先到“检查与导出”逐条改正。",
            ["仍然导出草稿", "取消"],
            1,
        )
        return choice == 0

    def _target(self, title: str, suffix: str, filter: str) -> Path | None:
        chosen = dialogs.save_file(
            self.parent, title, filter, _suggested(self.document, suffix, self.last_folder)
        )
        if chosen is None:
            return None
        if chosen.suffix.lower() != suffix:
            chosen = chosen.with_name(chosen.name + suffix)
        self.last_folder = chosen.parent
        return chosen

    def _offer_open(self, title: str, text: str, path: Path) -> None:
        choice = dialogs.offer(self.parent, title, text, ["好", "打开文件", "打开所在文件夹"], 0)
        if choice == 1:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif choice == 2:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def _export(
        self, title: str, suffix: str, filter: str, write: Callable[[Path], str]
    ) -> Path | None:
        """Ask where (a draft when errors remain), write, and offer to open what was written.

        write(target) writes the file and returns what was done, in words; ExportError from it
        is shown to her and nothing else happens."""
        if not self._draft_ok(title):
            return None
        target = self._target(title, suffix, filter)
        if target is None:
            return None
        try:
            store.check_export_target(target, self.document.path)
        except store.StoreError as exc:
            dialogs.warn(self.parent, f"无法{title}", str(exc))
            return None
        try:
            done = write(target)
        except ExportError as exc:
            dialogs.warn(self.parent, f"无法{title}", str(exc))
            return None
        self._offer_open(title, f"{done}：\n{target}", target)
        return target

    # -- PDF ------------------------------------------------------------------------------

    def pdf_bytes(self) -> bytes | None:
        from gaidesk import pdf

        try:
            return pdf.render_pdf_bytes(
                self.document.report,
                findings=self.document.findings,
                extra_font_dirs=[self.library.fonts_dir],
            )
        except ExportError as exc:
            dialogs.warn(self.parent, "无法生成PDF", str(exc))
            return None

    def export_pdf(self) -> Path | None:
        def write(target: Path) -> str:
            from gaidesk import pdf

            result = pdf.export_pdf(
                self.document.report,
                target,
                findings=self.document.findings,
                extra_font_dirs=[self.library.fonts_dir],
            )
            return f"已导出{'草稿PDF' if result.draft else 'PDF'}，共 {result.pages} 页"

        return self._export("导出PDF", ".pdf", dialogs.PDF_FILTER, write)

    def preview(self) -> PreviewDialog | None:
        data = self.pdf_bytes()
        if data is None:
            return None
        dialog = PreviewDialog(data, self, self.parent)
        dialog.show()
        return dialog

    def print_report(self) -> PrintJob | None:
        """Ask for a printer and start printing; the job runs on its own thread."""
        if self.print_job is not None:
            dialogs.inform(self.parent, "打印", "上一份打印任务还在进行，请稍候。")
            return None
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.document.report.meta.effective_title)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle("打印报告")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if self.document.error_count and not self._draft_ok("打印"):
            return None
        return self.start_print(printer)

    def start_print(self, printer: object) -> PrintJob:
        """Print on a worker thread with a progress window; when the pages are with the
        printer (or the printer refused them) she is told."""
        job = PrintJob(
            self.document.report,
            self.document.findings,
            [self.library.fonts_dir],
            printer,
            self.parent,
        )
        monitor = job.monitor = _PrintMonitor(self, job)
        job.progressed.connect(monitor.advance)
        job.succeeded.connect(monitor.succeeded)
        job.failed.connect(monitor.failed)
        job.finished.connect(monitor.finished)
        self.print_progress = monitor.progress
        self.print_job = job
        monitor.progress.show()
        job.start()
        return job

    def finish_printing(self) -> None:
        """Wait for a print job still running (the pages are rendered and spooled in seconds)."""
        if self.print_job is not None:
            self.print_job.wait()

    # -- Excel ----------------------------------------------------------------------------

    def export_xlsx(self) -> Path | None:
        def write(target: Path) -> str:
            from gaidesk import workbook

            workbook.export_xlsx(self.document.report, target, findings=self.document.findings)
            return "已导出Excel工作簿"

        return self._export("导出Excel", ".xlsx", dialogs.EXCEL_FILTER, write)

    # -- Word -----------------------------------------------------------------------------

    def export_docx(self) -> Path | None:
        def write(target: Path) -> str:
            from gaidesk import docx_export

            result = docx_export.export_docx(
                self.document.report, target, findings=self.document.findings
            )
            return "已导出Word文档（页眉标明“草稿”）" if result.draft else "已导出Word文档"

        return self._export("导出Word", ".docx", dialogs.WORD_FILTER, write)

    # -- 网站发布版 ------------------------------------------------------------------------

    def export_html(self) -> Path | None:
        """Write the web version and put it on the clipboard (HTML with a plain-text
        alternative), telling her how to paste it into the CMS editor."""

        def write(target: Path) -> str:
            from gaidesk import webpage

            result = webpage.export_html(
                self.document.report, target, findings=self.document.findings
            )
            mime = QMimeData()
            mime.setHtml(result.fragment)
            mime.setText(result.text)
            QApplication.clipboard().setMimeData(mime)
            draft = "（标有“草稿”）" if result.draft else ""
            note = f"\n\n{result.note}" if result.note else ""
            return (
                f"已导出网站发布版{draft}，并已复制到剪贴板。\n"
                "在网站后台的文章编辑器里点一下正文处，按 Ctrl+V 粘贴即可："
                "三张表格的边框和合并单元格都会保留。发布前请预览一遍。"
                f"{note}\n\n网页文件保存在"
            )

        return self._export("导出网站发布版", ".html", dialogs.HTML_FILTER, write)


def _load(data: bytes, parent: QObject | None = None) -> tuple[object, QBuffer]:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)  # type: ignore[arg-type]  # Qt takes no parent; the stub not
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


class PrintError(Exception):
    """The report could not be handed to the printer; the message is Chinese."""


# A printer without a vector route gets each page as an image at its own resolution, but never
# above this: 300 dpi prints text crisply, and a 600- or 1200-dpi A4 page would be 35-140 MB.
RASTER_DPI_LIMIT = 300


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def chosen_pages(printer: object, count: int) -> list[int]:
    """The pages (from 0) the print dialog asked for: all, or a range such as 2-3."""
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() if printer.toPage() >= printer.fromPage() else count
        return list(range(printer.fromPage() - 1, min(last, count)))
    return list(range(count))


def pages_of(data: bytes, pages: Sequence[int]) -> bytes:
    """A PDF of some pages of another, the pages themselves (text and lines stay vectors)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if list(pages) == list(range(len(reader.pages))):
        return data
    writer = PdfWriter()
    for page in pages:
        writer.add_page(reader.pages[page])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_route(printer: object) -> str:
    """How a printer gets the pages: "file" (a PDF printer writing a file: the PDF itself),
    "spooler" (CUPS on Linux and macOS: the PDF handed to lp, which prints it as vectors), or
    "raster" (elsewhere, notably Windows' GDI printers: page images drawn by QPainter)."""
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return "file"
    if sys.platform != "win32" and printer.printerName() and shutil.which("lp"):
        return "spooler"
    return "raster"


def send_pdf(
    data: bytes, printer: object, progress: Callable[[int, int], None] | None = None
) -> int:
    """Send the pages of a PDF the print dialog asked for to a printer; returns how many.

    Safe on a worker thread (QPainter may paint on a QPrinter outside the GUI thread, and the
    PDF document is this function's own). Raises PrintError with a Chinese message."""
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    pages = chosen_pages(printer, page_count(data))
    if not pages:
        raise PrintError("所选的页码范围内没有页面。")
    route = print_route(printer)
    if route == "file":
        from gaidesk.errors import StoreError
        from gaidesk.fsutil import write_atomic

        try:
            write_atomic(Path(printer.outputFileName()), pages_of(data, pages), action="打印到文件")
        except StoreError as exc:
            raise PrintError(str(exc)) from exc
    elif route == "spooler":
        _spool(pages_of(data, pages), printer)
    else:
        _draw_pages(data, pages, printer, progress)
    if progress is not None:
        progress(len(pages), len(pages))
    return len(pages)


def _spool(data: bytes, printer: object) -> None:
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    sides = {
        QPrinter.DuplexMode.DuplexNone: "one-sided",
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
    }.get(printer.duplex())
    name, title = printer.printerName(), printer.docName()
    spool_pdf(data, name, copies=printer.copyCount(), title=title, sides=sides)


def spool_pdf(
    data: bytes, printer_name: str, *, copies: int = 1, title: str = "", sides: str | None = None
) -> None:
    """Hand a PDF to the local CUPS spooler (lp), which prints it as vectors at the printer's
    own resolution. Raises PrintError with what the spooler said."""
    with tempfile.TemporaryDirectory(prefix="gaidesk-print-") as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(data)
        command = ["lp", "-d", printer_name, "-n", str(max(1, copies)), "-t", title or "gaidesk"]
        if sides:
            command += ["-o", f"sides={sides}"]
        try:
            done = subprocess.run(
                [*command, str(path)], capture_output=True, text=True, timeout=120, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(f"打印服务没有响应：{exc}") from exc
        if done.returncode != 0:
            said = done.stderr.strip() or done.stdout.strip()
            raise PrintError(f"打印机“{printer_name}”没有接受打印任务：{said}")


def _draw_pages(
    data: bytes,
    pages: Sequence[int],
    printer: object,
    progress: Callable[[int, int], None] | None,
) -> None:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    document, buffer = _load(data)
    assert isinstance(document, QPdfDocument)
    try:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise PrintError("报告的页面无法读取。")
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("无法连接打印机，请检查打印机是否开着、是否缺纸。")
        try:
            dpi = printer.resolution()
            area = printer.pageLayout().paintRectPixels(dpi)
            image_dpi = min(dpi, RASTER_DPI_LIMIT)
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                if progress is not None:
                    progress(n, len(pages))
                points = document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                target = QRectF(
                    (area.width() - points.width() * scale) / 2,
                    0,
                    points.width() * scale,
                    points.height() * scale,
                )
                size = QSize(
                    round(points.width() * image_dpi / 72), round(points.height() * image_dpi / 72)
                )
                image = document.render(page, size)
                painter.drawImage(target, image.convertToFormat(QImage.Format.Format_Grayscale8))
        finally:
            painter.end()
    finally:
        document.close()
        buffer.close()


def print_pdf(data: bytes, printer: object) -> bool:
    """Print the pages of a PDF the print dialog asked for, on this thread; False on failure."""
    try:
        send_pdf(data, printer)
    except PrintError:
        return False
    return True


class PrintJob(QThread):
    """Renders a report and sends it to a printer on its own thread, so that the window keeps
    answering; reports its progress and its end by signals (delivered on the GUI thread)."""

    progressed = Signal(int, int)  # pages sent, pages in all
    succeeded = Signal(int)  # pages sent
    failed = Signal(str)  # a Chinese message

    def __init__(
        self,
        report: Report,
        findings: Sequence[fmt.HasSeverity],
        font_dirs: list[Path],
        printer: object,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report.copy()  # she may go on typing while it prints
        self.findings = tuple(findings)
        self.font_dirs = font_dirs
        self.printer = printer  # owned by the job until it ends
        self.monitor: QObject | None = None  # what shows its progress (kept alive with it)

    def run(self) -> None:
        from gaidesk import pdf

        try:
            data = pdf.render_pdf_bytes(
                self.report, findings=self.findings, extra_font_dirs=self.font_dirs
            )
            self.progressed.emit(0, 1)
            pages = send_pdf(data, self.printer, self.progressed.emit)
        except (ExportError, PrintError) as exc:
            self.failed.emit(str(exc))
            return
        self.succeeded.emit(pages)


class _PrintMonitor(QObject):
    """The progress window of a print job and the message at its end, on the GUI thread (the
    job's signals reach these slots queued, as this object lives on the GUI thread)."""

    def __init__(self, exporter: Exporter, job: PrintJob) -> None:
        super().__init__(job.parent())
        self.exporter = exporter
        self.job = job
        self.outcome: tuple[bool, str] = (False, "打印意外中断。")
        progress = QProgressDialog("正在生成报告并发送到打印机…", "", 0, 0, exporter.parent)
        progress.setWindowTitle("打印")
        progress.setCancelButton(None)  # a spooled job cannot be recalled
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress = progress

    def advance(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if total > 1:
            self.progress.setLabelText(f"正在发送第 {min(done + 1, total)} 页，共 {total} 页…")

    def succeeded(self, pages: int) -> None:
        self.outcome = (True, f"已发送到打印机，共 {pages} 页。")

    def failed(self, message: str) -> None:
        self.outcome = (False, message)

    def finished(self) -> None:
        """The thread has ended: close the progress and say what happened."""
        self.progress.close()
        self.progress.deleteLater()
        self.exporter.print_job = None
        self.exporter.print_progress = None
        self.job.deleteLater()
        self.deleteLater()
        ok, text = self.outcome
        if ok:
            dialogs.inform(self.exporter.parent, "打印", text)
        else:
            dialogs.warn(self.exporter.parent, "打印未完成", text)


class PreviewDialog(QDialog):
    """The pages as they will print, with 打印 and 导出PDF at hand."""

    def __init__(self, data: bytes, exporter: Exporter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.setWindowTitle("打印预览")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.exporter = exporter
        self.data = data
        document, self._buffer = _load(data, self)
        assert isinstance(document, QPdfDocument)
        self.pdf = document
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        pages = self.pdf.pageCount()
        draft = "（草稿）" if exporter.document.error_count else ""
        self.info = QLabel(f"共 {pages} 页{draft}，A4 纵向")
        top.addWidget(self.info)
        top.addStretch(1)
        print_button = QPushButton("打印…(&P)")
        print_button.clicked.connect(exporter.print_report)
        top.addWidget(print_button)
        pdf_button = QPushButton("导出PDF…(&D)")
        pdf_button.clicked.connect(exporter.export_pdf)
        top.addWidget(pdf_button)
        layout.addLayout(top)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        height = min(900, screen.height() - 60) if screen else 700
        self.resize(760, height)
