"""The colours of the program's windows, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor

# Table cells: light backgrounds, dark readable text.
HEADER_BG = QColor("#e4ebf4")
LABEL_BG = QColor("#f4f6f9")
VALUE_BG = QColor("#ffffff")
TOTAL_BG = QColor("#e3e3e3")
ERROR_BG = QColor("#ffd4d4")
ERROR_TOTAL_BG = QColor("#f5bcbc")
WARNING_BG = QColor("#fff1b8")
WARNING_TOTAL_BG = QColor("#f0e0a0")
TEXT_FG = QColor("#1b1b1b")
ERROR_FG = QColor("#8c1010")
WARNING_FG = QColor("#5c4300")
PREVIOUS_FG = QColor("#7b7f86")
GRID_COLOUR = QColor("#9aa4b1")
SELECTION = QColor(38, 110, 210, 60)
CURRENT_BORDER = QColor("#1f5fbf")
OK_FG = QColor("#1d7a35")
