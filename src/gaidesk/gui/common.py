"""Small shared pieces of the wizard: its steps, where a finding lives, icons and labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from gaidesk import format as fmt
from gaidesk import rules

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#b26a00"
WARNING_FILL = "#fff4d6"
ERROR_FILL = "#fde7e7"
OK_COLOR = "#2e7d32"
MUTED_COLOR = "#666666"


@dataclass(frozen=True)
class Step:
    kind: str  # "basic", "narrative", "table", "check"
    title: str  # what the side list shows
    section: fmt.Section | None = None


def wizard_steps() -> tuple[Step, ...]:
    steps = [Step("basic", "基本信息")]
    for section in fmt.SECTIONS:
        steps.append(Step("table" if section.table else "narrative", section.heading, section))
    steps.append(Step("check", "检查与导出"))
    return tuple(steps)


STEPS = wizard_steps()
BASIC_STEP = 0
CHECK_STEP = len(STEPS) - 1


def step_of_address(address: str) -> int:
    """The wizard step where an address (cell, ``text.…``, ``meta.…``) is edited."""
    if address.startswith("meta.") or address == fmt.PREFACE.address:
        return BASIC_STEP
    section = fmt.section_of(address)
    for i, step in enumerate(STEPS):
        if step.section is section:
            return i
    return BASIC_STEP


def step_of_finding(finding: rules.Finding) -> int | None:
    return step_of_address(finding.cells[0]) if finding.cells else None


def place_of_finding(finding: rules.Finding) -> str:
    """Where a finding is, in words: the section heading or 「基本信息」."""
    step = step_of_finding(finding)
    return STEPS[step].title if step is not None else "整份报告"


@cache
def severity_icon(severity: str, size: int = 16) -> QIcon:
    """A red round mark for errors, a yellow triangle for warnings."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    if severity == rules.ERROR:
        painter.setBrush(QColor(ERROR_COLOR))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(1, 1, s - 2, s - 2))
        painter.setPen(QPen(QColor("white"), s / 8))
        painter.drawLine(QPointF(s / 2, s * 0.25), QPointF(s / 2, s * 0.58))
        painter.drawPoint(QPointF(s / 2, s * 0.74))
    elif severity == rules.WARNING:
        path = QPainterPath()
        path.moveTo(s / 2, 1)
        path.lineTo(s - 1, s - 2)
        path.lineTo(1, s - 2)
        path.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#f2a900"))
        painter.drawPath(path)
        painter.setPen(QPen(QColor("white"), s / 8))
        painter.drawLine(QPointF(s / 2, s * 0.35), QPointF(s / 2, s * 0.62))
        painter.drawPoint(QPointF(s / 2, s * 0.78))
    else:
        painter.setPen(QPen(QColor(OK_COLOR), s / 7))
        painter.drawLine(QPointF(s * 0.18, s * 0.52), QPointF(s * 0.42, s * 0.76))
        painter.drawLine(QPointF(s * 0.42, s * 0.76), QPointF(s * 0.84, s * 0.26))
    painter.end()
    return QIcon(pixmap)


def count_text(errors: int, warnings: int) -> str:
    """「2 处错误 / 1 处提醒」, 「1 处提醒」 or 「✓」."""
    parts = []
    if errors:
        parts.append(f"{errors} 处错误")
    if warnings:
        parts.append(f"{warnings} 处提醒")
    return " / ".join(parts) if parts else "✓"


def heading_label(text: str, size: str = "x-large", parent: QWidget | None = None) -> QLabel:
    """A heading whose size follows the text-size setting (relative rich-text size)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(f'<span style="font-size:{size}; font-weight:600">{_escape(text)}</span>')
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
    label.setStyleSheet(f"color: {MUTED_COLOR};")
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
