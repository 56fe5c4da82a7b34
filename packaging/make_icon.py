"""Draw gaidesk's icon with QPainter and write resources/gaidesk.{svg,png,ico}.

The icon: a red rounded square (the colour of an official seal) holding a white report page with
a heading, text lines, a small table and a green check mark. Run it again after changing the
drawing; the results are committed so that builds do not need this script.

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

RED = QColor("#b71c1c")
RED_LIGHT = QColor("#d32f2f")
PAPER = QColor("#fffdf7")
INK = QColor("#5d4037")
LINE = QColor("#bcaaa4")
GREEN = QColor("#2e7d32")


def draw(painter: QPainter, size: float) -> None:
    """Draw the icon into a size × size square (a 256 design grid, scaled)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(size / 256.0, size / 256.0)

    # Seal-red rounded square.
    painter.setPen(Qt.PenStyle.NoPen)
    gradient = QLinearGradient(QPointF(0, 8), QPointF(0, 248))
    gradient.setColorAt(0.0, RED_LIGHT)
    gradient.setColorAt(1.0, RED)
    painter.setBrush(gradient)
    painter.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)

    # The report page with a folded corner.
    page = QPainterPath()
    page.moveTo(64, 36)
    page.lineTo(168, 36)
    page.lineTo(200, 68)
    page.lineTo(200, 222)
    page.lineTo(64, 222)
    page.closeSubpath()
    painter.setBrush(QColor(0, 0, 0, 50))
    painter.drawPath(page.translated(4, 5))
    painter.setBrush(PAPER)
    painter.drawPath(page)
    fold = QPainterPath()
    fold.moveTo(168, 36)
    fold.lineTo(168, 68)
    fold.lineTo(200, 68)
    fold.closeSubpath()
    painter.setBrush(QColor("#e0d6cc"))
    painter.drawPath(fold)

    # Heading and text lines.
    painter.setBrush(INK)
    painter.drawRoundedRect(QRectF(90, 56, 62, 10), 4, 4)
    painter.setBrush(LINE)
    for y in (80, 96):
        painter.drawRoundedRect(QRectF(80, y, 104, 7), 3, 3)

    # A small table: 3 × 3 grid.
    pen = QPen(LINE, 4)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(80, 116, 104, 60))
    for y in (136, 156):
        painter.drawLine(QPointF(80, y), QPointF(184, y))
    for x in (114, 150):
        painter.drawLine(QPointF(x, 116), QPointF(x, 176))

    # Green check mark in a white disc, bottom right.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(QPointF(188, 196), 38, 38)
    painter.setBrush(GREEN)
    painter.drawEllipse(QPointF(188, 196), 31, 31)
    check = QPen(QColor("#ffffff"), 10)
    check.setCapStyle(Qt.PenCapStyle.RoundCap)
    check.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(check)
    path = QPainterPath()
    path.moveTo(172, 197)
    path.lineTo(184, 209)
    path.lineTo(205, 184)
    painter.drawPath(path)


def render_png(size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    draw(painter, size)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """A Windows .ico holding PNG-compressed images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    payload = b""
    for size, png in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        payload += png
    return header + entries + payload


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    OUT.mkdir(exist_ok=True)

    svg = OUT / "gaidesk.svg"
    generator = QSvgGenerator()
    generator.setFileName(str(svg))
    generator.setSize(QSize(256, 256))
    generator.setViewBox(QRectF(0, 0, 256, 256))
    generator.setTitle("gaidesk")
    generator.setDescription("政府信息公开年报助手")
    painter = QPainter(generator)
    draw(painter, 256)
    painter.end()

    (OUT / "gaidesk.png").write_bytes(render_png(256))
    (OUT / "gaidesk.ico").write_bytes(ico_bytes([(s, render_png(s)) for s in ICO_SIZES]))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
