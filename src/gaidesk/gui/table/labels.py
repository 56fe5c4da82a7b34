"""Wrapping row and column labels as the grid draws them."""

from __future__ import annotations

from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QTextLayout,
    QTextOption,
)

CELL_PADDING = 5  # pixels between a cell's border and its text, left and right

_LINES_CACHE: dict[tuple[str, int, str], tuple[str, ...]] = {}


def _wrap(font: QFont, text: str, width: int) -> list[str]:
    """The lines Qt's word wrap makes of a text in a given width."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start = line.textStart()
        lines.append(text[start : start + line.textLength()])
    layout.endLayout()
    return lines


def label_lines(font: QFont, text: str, width: int) -> tuple[str, ...]:
    """A label wrapped to a width without a lone character on its last line.

    Chinese breaks between any two characters, so 「社会公益组织」 in five characters' width
    would leave 「织」 alone; a little narrower gives 「社会公益 / 组织」 on the same two lines.
    """
    width = max(10, width)
    key = (text, width, font.key())
    cached = _LINES_CACHE.get(key)
    if cached is not None:
        return cached
    lines = _wrap(font, text, width)
    step = max(2, QFontMetrics(font).horizontalAdvance("中") // 4)
    if len(lines) > 1 and len(lines[-1].strip()) <= 1:
        narrower = width - step
        while narrower > step:
            attempt = _wrap(font, text, narrower)
            if len(attempt) > len(lines):
                break
            if len(attempt[-1].strip()) > 1:
                lines = attempt
                break
            narrower -= step
    result = tuple(line.rstrip() for line in lines) or ("",)
    if len(_LINES_CACHE) > 4000:
        _LINES_CACHE.clear()
    _LINES_CACHE[key] = result
    return result
