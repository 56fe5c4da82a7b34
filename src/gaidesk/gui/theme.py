"""The colours and style sheets of the program's windows, in one place.

Every colour of the GUI is named here by its role; the other modules use these names (a test
keeps hex colour literals out of them). Message colours are style-sheet strings; the table's are
``QColor`` (its model and delegate paint with them). Qt only: the home screen loads this module
before anything of the format.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# -- messages, marks and banners (style-sheet colours) ----------------------------------------

ERROR_COLOR = "#c62828"  # an error's text, mark and border
WARNING_COLOR = "#b26a00"  # a reminder's text
OK_COLOR = "#2e7d32"  # "no problems": the tick, the verdict
MUTED_COLOR = "#666666"  # hints, counts, where a thing is kept
WARNING_MARK = "#f2a900"  # the reminder's yellow triangle
MARK_SIGN = "white"  # the ! drawn on the error and reminder marks
ERROR_FILL = "#fde7e7"  # background of an error banner, an overview cell with errors
WARNING_FILL = "#fff4d6"  # background of a warning banner, an overview cell with reminders
INFO_FILL = "#e8f1fb"  # background of a news banner
WARNING_BORDER = "#e0a000"  # border of a warning banner and of a text with a reminder
INFO_BORDER = "#7aa7d9"  # border of a news banner

# -- narrative parts ---------------------------------------------------------------------------

EDITOR_BORDER = "#b8b8b8"  # a narrative editor without findings
SAME_TEXT_BACKGROUND = "#ffe9a8"  # the passages that are the same as last year's
PREVIOUS_TEXT_BG = "#f4f4f4"  # last year's text beside the editor
PREVIOUS_TEXT_FG = "#444444"
STEPS_BG = "#f3f5f8"  # the wizard's list of steps
STEP_SELECTED_BG = "#d6e4f5"  # the current step in that list
SEPARATOR = "#dddddd"  # the line above the wizard's 上一步/下一步

# -- notices on a table step -------------------------------------------------------------------

REFUSAL_FILL, REFUSAL_TEXT, REFUSAL_BORDER = "#fdecea", "#7d1414", "#e6a5a0"  # input refused
NOTE_FILL, NOTE_TEXT, NOTE_BORDER = "#eef3fa", "#1d3b63", "#b7c9e2"  # a note on what was done
HELP_FILL, HELP_TEXT, HELP_BORDER = "#fffdf4", "#333333", "#c9c3a8"  # what the terms mean

# -- table cells: light backgrounds, dark readable text ----------------------------------------

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
TYPING_ERROR_BG = QColor("#ffe3e3")  # a cell editor holding what the cell cannot take

# -- style sheets ------------------------------------------------------------------------------


def text_style(colour: str) -> str:
    """A label's text in ``colour``."""
    return f"color: {colour};"


def primary_button_style(padding: str) -> str:
    """The one button a window leads with: bold, with room around its text."""
    return f"QPushButton {{ font-weight: 600; padding: {padding}; }}"


def banner_style(fill: str, border: str, margin: str) -> str:
    return (
        f"Banner {{ background: {fill}; border: 1px solid {border}; border-radius: 4px;"
        f" margin: {margin}; }}"
    )


def notice_style(fill: str, text: str, border: str) -> str:
    """A boxed notice on a table step (a refusal, a note)."""
    return (
        f"QLabel {{ background: {fill}; color: {text}; border: 1px solid {border};"
        " border-radius: 3px; padding: 6px 10px; }"
    )


HELP_STYLE = (
    f"QLabel {{ background: {HELP_FILL}; color: {HELP_TEXT}; border: 1px solid {HELP_BORDER};"
    " padding: 8px 12px; }"
)


def cell_editor_style(valid: bool) -> str:
    """The editor of a table cell: white with the current cell's border, or red while what is
    typed cannot go into the cell."""
    if valid:
        return (
            f"QLineEdit {{ background: {VALUE_BG.name()}; border: 2px solid"
            f" {CURRENT_BORDER.name()}; }}"
        )
    return (
        f"QLineEdit {{ background: {TYPING_ERROR_BG.name()}; border: 2px solid {ERROR_COLOR};"
        f" color: {ERROR_FG.name()}; }}"
    )


def editor_border_style(border: str, padding: int) -> str:
    """A narrative editor's frame; the border says whether its text has findings."""
    return f"QPlainTextEdit {{ border: {border}; border-radius: 3px; padding: {padding}px; }}"


PREVIOUS_TEXT_STYLE = (
    f"QPlainTextEdit {{ background: {PREVIOUS_TEXT_BG}; color: {PREVIOUS_TEXT_FG}; }}"
)
