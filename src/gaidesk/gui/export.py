"""Export from 「检查与导出」: PDF, the Excel workbook and the 网站发布版 (a web page written to a
file and put on the clipboard for the CMS editor); the preview and printing are in
gaidesk.gui.printing.

The exporters are the core's (gaidesk.pdf, gaidesk.workbook, gaidesk.webpage), imported when
first used so the window starts without reportlab or openpyxl. A report with errors leaves only
as a 「草稿」, and she is told so before the file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QMimeData,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QProgressDialog,
    QWidget,
)

from gaidesk import format as fmt
from gaidesk import store
from gaidesk.errors import ExportError
from gaidesk.gui import dialogs
from gaidesk.gui.common import pdf_available, workbook_available
from gaidesk.gui.document import ReportDocument
from gaidesk.gui.printing import PreviewDialog, PrintJob, PrintMonitor

__all__ = ["Exporter", "pdf_available", "workbook_available"]


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
        self, title: str, suffix: str, filter: str, write: Callable[[Path], tuple[str, str]]
    ) -> Path | None:
        """Ask where (a draft when errors remain), write, and offer to open what was written.

        write(target) writes the file and returns what was done, in words, and a note to add
        below the file's name (or ""); ExportError from it is shown to her and nothing else
        happens."""
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
            done, note = write(target)
        except ExportError as exc:
            dialogs.warn(self.parent, f"无法{title}", str(exc))
            return None
        self._offer_open(title, f"{done}：\n{target}" + (f"\n\n{note}" if note else ""), target)
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
        def write(target: Path) -> tuple[str, str]:
            from gaidesk import pdf

            result = pdf.export_pdf(
                self.document.report,
                target,
                findings=self.document.findings,
                extra_font_dirs=[self.library.fonts_dir],
            )
            done = f"已导出{'草稿PDF' if result.draft else 'PDF'}，共 {result.pages} 页"
            return done, result.substitutes_note()

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
        monitor = job.monitor = PrintMonitor(self, job)
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
        def write(target: Path) -> tuple[str, str]:
            from gaidesk import workbook

            workbook.export_xlsx(self.document.report, target, findings=self.document.findings)
            return "已导出Excel工作簿", ""

        return self._export("导出Excel", ".xlsx", dialogs.EXCEL_FILTER, write)

    # -- 网站发布版 ------------------------------------------------------------------------

    def export_html(self) -> Path | None:
        """Write the web version and put it on the clipboard (HTML with a plain-text
        alternative), telling her how to paste it into the CMS editor."""

        def write(target: Path) -> tuple[str, str]:
            from gaidesk import webpage

            result = webpage.export_html(
                self.document.report, target, findings=self.document.findings
            )
            mime = QMimeData()
            mime.setHtml(result.fragment)
            mime.setText(result.text)
            QApplication.clipboard().setMimeData(mime)
            draft = "（标有“草稿”）" if result.draft else ""
            how = (
                "在网站后台的文章编辑器里点一下正文处，按 Ctrl+V 粘贴即可："
                "三张表格的边框和合并单元格都会保留。发布前请预览一遍。"
            )
            note = f"{how}\n\n{result.note}" if result.note else how
            return f"已导出网站发布版{draft}，并已复制到剪贴板。网页文件保存在", note

        return self._export("导出网站发布版", ".html", dialogs.HTML_FILTER, write)
