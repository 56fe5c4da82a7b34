"""The page preview and printing of the report: a PDF rendered once, sent to the printer as
vectors where the platform allows (CUPS, a PDF printer) and as page images elsewhere, on a
worker thread with a progress window."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRectF,
    QSize,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
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
from gaidesk.errors import ExportError
from gaidesk.gui import dialogs
from gaidesk.model import Report

if TYPE_CHECKING:
    from gaidesk.gui.export import Exporter


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


class PrintMonitor(QObject):
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
