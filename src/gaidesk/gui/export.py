"""Export and print from 「检查与导出」: PDF, a page preview, printing, and the Excel workbook.

The exporters are the core's (gaidesk.pdf, gaidesk.workbook), imported when first used so the
window starts without reportlab or openpyxl. A report with errors leaves only as a 「草稿」, and
she is told so before the file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gaidesk import store
from gaidesk.errors import ExportError
from gaidesk.gui import dialogs
from gaidesk.gui.common import pdf_available, workbook_available
from gaidesk.gui.document import ReportDocument

__all__ = ["Exporter", "PreviewDialog", "pdf_available", "print_pdf", "workbook_available"]


def _suggested(document: ReportDocument, suffix: str, folder: Path | None) -> str:
    name = store.safe_file_name(document.report.meta.effective_title) + suffix
    base = folder if folder is not None and folder.is_dir() else Path.home()
    return str(base / name)


class Exporter:
    """The export actions of one open report."""

    def __init__(self, document: ReportDocument, library: store.Library, parent: QWidget) -> None:
        self.document = document
        self.library = library
        self.parent = parent
        self.last_folder: Path | None = None

    # -- common ---------------------------------------------------------------------------

    def _draft_ok(self, what: str) -> bool:
        """With errors, the file can only be a draft: say so and let her decide."""
        errors = self.document.error_count
        if not errors:
            return True
        choice = dialogs.choose(
            self.parent,
            what,
            f"报告还有 {errors} 处错误，导出的文件将标明“草稿”，不能作为正式报告发布。\n"
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
        choice = dialogs.choose(self.parent, title, text, ["好", "打开文件", "打开所在文件夹"], 0)
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

    def print_report(self) -> bool:
        data = self.pdf_bytes()
        if data is None:
            return False
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.document.report.meta.effective_title)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle("打印报告")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if self.document.error_count and not self._draft_ok("打印"):
            return False
        return print_pdf(data, printer)

    # -- Excel ----------------------------------------------------------------------------

    def export_xlsx(self) -> Path | None:
        def write(target: Path) -> str:
            from gaidesk import workbook

            workbook.export_xlsx(self.document.report, target, findings=self.document.findings)
            return "已导出Excel工作簿"

        return self._export("导出Excel", ".xlsx", dialogs.EXCEL_FILTER, write)


def _load(data: bytes, parent: QWidget | None = None) -> tuple[object, QBuffer]:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)  # type: ignore[arg-type]  # a parentless document is fine
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


def print_pdf(data: bytes, printer: object) -> bool:
    """Draw the pages of a PDF the print dialog asked for (all, or a range such as 2-3) on a
    printer at the printer's own resolution."""
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    document, buffer = _load(data)
    assert isinstance(document, QPdfDocument)
    try:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            dpi = printer.resolution()
            area = printer.pageLayout().paintRectPixels(dpi)
            count = document.pageCount()
            pages = range(count)
            if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
                last = printer.toPage() if printer.toPage() >= printer.fromPage() else count
                pages = range(printer.fromPage() - 1, min(last, count))
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                points = document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(round(points.width() * scale), round(points.height() * scale))
                image = document.render(page, size)
                x = (area.width() - size.width()) / 2
                painter.drawImage(QPointF(x, 0), image)
        finally:
            painter.end()
        return True
    finally:
        document.close()
        buffer.close()


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
        print_button = QPushButton("打印…")
        print_button.clicked.connect(exporter.print_report)
        top.addWidget(print_button)
        pdf_button = QPushButton("导出PDF…")
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
