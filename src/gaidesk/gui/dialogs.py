"""The few questions the program asks, in one place (tests replace these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

DRAFT_FILTER = "gaidesk 报告草稿 (*.gaidesk)"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
IMPORT_FILTER = "Excel 工作簿或保存的网页 (*.xlsx *.html *.htm)"
PDF_FILTER = "PDF 文件 (*.pdf)"
HTML_FILTER = "网页文件 (*.html)"
ROSTER_FILTER = "单位名单 (*.txt *.csv *.xlsx)"


def choose(
    parent: QWidget | None, title: str, text: str, options: list[str], default: int = 0
) -> int:
    """Ask with one button per option; returns its index, or -1 when the dialog was closed."""
    return _buttons(parent, QMessageBox.Icon.Question, title, text, options, default)


def offer(
    parent: QWidget | None, title: str, text: str, options: list[str], default: int = 0
) -> int:
    """Say that something is done and offer what may follow (「打开文件」): like choose, with
    the information icon rather than a question mark."""
    return _buttons(parent, QMessageBox.Icon.Information, title, text, options, default)


def _buttons(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    options: list[str],
    default: int,
) -> int:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    buttons = [box.addButton(o, QMessageBox.ButtonRole.ActionRole) for o in options]
    if buttons:
        box.setDefaultButton(buttons[default])
    box.exec()
    clicked = box.clickedButton()
    for i, b in enumerate(buttons):
        if b is clicked:
            return i
    return -1


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def pick_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> int:
    """Choose one line of a list; returns its index or -1."""
    if not items:
        return -1
    text, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    if not ok or text not in items:
        return -1
    return items.index(text)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def open_file(parent: QWidget | None, title: str, filter: str, folder: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, filter)
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, filter: str, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter)
    return Path(name) if name else None


def open_folder(parent: QWidget | None, title: str, folder: str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, folder)
    return Path(name) if name else None
