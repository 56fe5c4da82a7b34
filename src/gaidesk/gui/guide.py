"""The user guide (docs/用户指南.md, shipped with the program), shown offline in a window of
its own at the section for the step she is on (F1)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from gaidesk.gui.screen import fit_window

GUIDE_NAME = "用户指南.md"

# The guide's section for each kind of wizard step (the start of its heading line).
SECTIONS = {
    "basic": "## 二、第一次填报告",
    "narrative": "## 二、第一次填报告",
    "table": "## 十、键盘操作",
    "check": "## 五、导出 PDF 和 Excel",
}


def guide_path() -> Path:
    """Where the guide is: beside the frozen program, or in the source tree's docs/."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[3]
    return base / "docs" / GUIDE_NAME


class GuideWindow(QDialog):
    """The guide, rendered from its Markdown, with its pictures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("gaidesk 用户指南")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # the program never goes online
        path = guide_path()
        self.browser.setSearchPaths([str(path.parent)])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = f"找不到用户指南（{path}）。请重新安装 gaidesk。"
        self._markdown = text
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_window(self, QSize(820, 900))

    def show_section(self, kind: str) -> str:
        """Scroll to the section for a kind of step; returns the heading shown ("" if none)."""
        heading = SECTIONS.get(kind, "")
        title = heading.lstrip("# ").strip()
        if not title:
            return ""
        document = self.browser.document()
        found = document.find(title, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            return ""
        cursor = QTextCursor(found)
        cursor.clearSelection()
        self.browser.setTextCursor(cursor)
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.maximum())  # then back up: the heading ends at the top of the view
        self.browser.ensureCursorVisible()
        top = self.browser.cursorRect().top()
        bar.setValue(bar.value() + top)
        return found.block().text()


def open_guide(parent: QWidget | None, kind: str) -> GuideWindow:
    window = GuideWindow(parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.show_section(kind)
    return window
