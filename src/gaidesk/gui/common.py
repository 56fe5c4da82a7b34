"""Small shared pieces of the windows: icons, labels, the message banner, text size.

Qt only, no report logic: the home screen uses these before anything of the format or the
rules is loaded (the wizard's steps are in gaidesk.gui.steps).
"""

from __future__ import annotations

import gc
import importlib.util
from collections.abc import Callable
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gaidesk.gui import theme


def pdf_available() -> bool:
    """Whether PDF export is installed (without loading it: that waits for the first export)."""
    return importlib.util.find_spec("gaidesk.pdf") is not None


def workbook_available() -> bool:
    """Whether the Excel workbook module is installed (again without loading it)."""
    return importlib.util.find_spec("gaidesk.workbook") is not None


def word_available() -> bool:
    """Whether the Word export's library (python-docx) is installed, again without loading it."""
    return importlib.util.find_spec("docx") is not None


class Mark(StrEnum):
    """What a status icon shows. ERROR and WARNING have the values of format.Severity (so
    ``Mark(finding.severity)`` is a finding's mark); this module does not import the format,
    which the home screen does not load."""

    ERROR = "error"
    WARNING = "warning"
    PENDING = "pending"  # not filled in yet
    OK = "ok"


class BannerKind(StrEnum):
    """How a banner is coloured: a failure, something to look at, or news."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@cache
def severity_icon(mark: Mark, size: int = 16) -> QIcon:
    """A red round mark for an error, a yellow triangle for a warning, a hollow grey circle for
    a part not filled in yet, a green tick for a part without problems."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    if mark is Mark.ERROR:
        painter.setBrush(QColor(theme.ERROR_COLOR))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(1, 1, s - 2, s - 2))
        painter.setPen(QPen(QColor(theme.MARK_SIGN), s / 8))
        painter.drawLine(QPointF(s / 2, s * 0.25), QPointF(s / 2, s * 0.58))
        painter.drawPoint(QPointF(s / 2, s * 0.74))
    elif mark is Mark.WARNING:
        path = QPainterPath()
        path.moveTo(s / 2, 1)
        path.lineTo(s - 1, s - 2)
        path.lineTo(1, s - 2)
        path.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.WARNING_MARK))
        painter.drawPath(path)
        painter.setPen(QPen(QColor(theme.MARK_SIGN), s / 8))
        painter.drawLine(QPointF(s / 2, s * 0.35), QPointF(s / 2, s * 0.62))
        painter.drawPoint(QPointF(s / 2, s * 0.78))
    elif mark is Mark.PENDING:
        painter.setPen(QPen(QColor(theme.MUTED_COLOR), s / 9))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(2.5, 2.5, s - 5, s - 5))
    else:
        painter.setPen(QPen(QColor(theme.OK_COLOR), s / 7))
        painter.drawLine(QPointF(s * 0.18, s * 0.52), QPointF(s * 0.42, s * 0.76))
        painter.drawLine(QPointF(s * 0.42, s * 0.76), QPointF(s * 0.84, s * 0.26))
    painter.end()
    return QIcon(pixmap)


def count_text(errors: int, warnings: int) -> str:
    """「2 处错误 / 1 处提醒」, 「1 处提醒」 or 「✓」."""
    from gaidesk import format as fmt  # not at start: the home screen loads no format

    return fmt.counts_text(errors, warnings) or "✓"


def heading_html(text: str, size: str = "x-large") -> str:
    return f'<span style="font-size:{size}; font-weight:600">{_escape(text)}</span>'


def heading_label(text: str, size: str = "x-large", parent: QWidget | None = None) -> QLabel:
    """A heading whose size follows the text-size setting (relative rich-text size)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(heading_html(text, size))
    label.setWordWrap(True)
    return label


READING_WIDTH = 1100  # pixels: lines longer than this are tiring to read on a wide screen


def centred(inner: QWidget, max_width: int = READING_WIDTH) -> QWidget:
    """Wrap a page's content so that on a wide screen it stays a readable column."""
    inner.setMaximumWidth(max_width)
    outer = QWidget()
    row = QHBoxLayout(outer)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(0)
    row.addWidget(inner, 1)
    row.addStretch(0)
    return outer


def page_column(page: QScrollArea, heading: str) -> tuple[QWidget, QVBoxLayout]:
    """Set up a scrolling step page: no frame, content as wide as the window, the page's margins
    and its heading. Returns the content widget and its layout (put in place with centred())."""
    page.setWidgetResizable(True)
    page.setFrameShape(QFrame.Shape.NoFrame)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(24, 16, 24, 16)
    layout.addWidget(heading_label(heading))
    return inner, layout


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(theme.text_style(theme.MUTED_COLOR))
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_text_size(points: int) -> None:
    """Apply the clerk's text size to the whole program."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = app.font()
        font.setPointSize(points)
        app.setFont(font)
        # A widget with its own style sheet keeps the font it had when the sheet was applied
        # (Qt's style-sheet style resolves it once): apply each sheet again in the new size.
        for widget in app.allWidgets():
            sheet = widget.styleSheet()
            if sheet:
                widget.setStyleSheet(sheet)


class Banner(QFrame):
    """A quiet line over the page for things she should know (a failed save, a recovery)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.action_button = QPushButton()
        self.action_button.hide()
        layout.addWidget(self.action_button)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("关闭提示")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._callback: Callable[[], object] | None = None
        self.action_button.clicked.connect(self._on_action)
        self.kind: BannerKind | None = None
        # Space around the banner, part of it so that a hidden banner takes no room.
        self.outer_margin = "0px"
        self.hide()

    def show_message(
        self,
        text: str,
        kind: BannerKind = BannerKind.INFO,
        action: str = "",
        callback: Callable[[], object] | None = None,
    ) -> None:
        self.kind = kind
        fill, border = {
            BannerKind.ERROR: (theme.ERROR_FILL, theme.ERROR_COLOR),
            BannerKind.WARNING: (theme.WARNING_FILL, theme.WARNING_BORDER),
            BannerKind.INFO: (theme.INFO_FILL, theme.INFO_BORDER),
        }[kind]
        self.setStyleSheet(theme.banner_style(fill, border, self.outer_margin))
        self.label.setText(text)
        self._callback = callback
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action and callback))
        self.show()

    def _on_action(self) -> None:
        if self._callback is not None:
            self._callback()


class _AfterFirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Queued behind the rest of this paint: the window is on screen before it runs.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def after_first_paint(window: QWidget, callback: Callable[[], object]) -> None:
    """Run work that can wait (a drafts list, a search) once the window is first painted."""
    _AfterFirstPaint(window, callback)


GC_AT_THE_LATEST_MS = 5000


def collect_garbage_after_first_paint(window: QWidget | None) -> None:
    """Turn garbage collection, off for the start, back on once ``window`` is painted (after
    the work that waits for that paint), or after a few seconds at the latest: a window hidden
    before it was ever painted."""
    if window is None:
        gc.enable()
        return
    after_first_paint(window, gc.enable)
    QTimer.singleShot(GC_AT_THE_LATEST_MS, gc.enable)


class CleanTextNote(QLabel):
    """Under a text field: says that characters no file can hold were removed from what was
    typed or pasted, and where; it goes away when the field loses the focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(theme.text_style(theme.WARNING_COLOR))
        self.hide()

    def say(self, where: str, removed: int) -> None:
        if removed:
            from gaidesk.cleantext import removed_message  # not needed by the home screen

            self.show_lines([removed_message(where, removed)])

    def show_lines(self, lines: list[str]) -> None:
        if lines:
            self.setText("\n".join(lines))
            self.show()

    def watch(self, field: QWidget) -> None:
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.hide()
        return False


def clean_line_edit(edit: QLineEdit) -> tuple[str, int]:
    """The text of a single-line field without characters no file can hold (a paste may bring
    control characters); the field is corrected in place. Returns the text and how many
    characters were removed."""
    from gaidesk.cleantext import clean  # not needed by the home screen

    text = edit.text()
    cleaned, removed = clean(text)
    if cleaned != text:
        position = edit.cursorPosition()
        edit.setText(cleaned)  # emits no textEdited: no second round
        edit.setCursorPosition(max(0, position - (len(text) - len(cleaned))))
    return cleaned, removed
