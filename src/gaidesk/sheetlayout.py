"""How the workbook's text and pages are measured: column widths of Chinese text, labels
broken at sensible points, and the print set-up that fits a sheet on A4."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from gaidesk import format as fmt
from gaidesk.model import Report

FONT_NAME = "宋体"
LINE_PT = 15.0  # height of one line of 11 pt CJK text
CJK_WIDTH = 2.1  # column-width units taken by one CJK character at 11 pt
_NARROW_WIDTH = 1.3  # column-width units of one digit or Latin letter at 11 pt, in the widest
# of the fonts a spreadsheet program may substitute for 宋体 (DejaVu Sans: 7 pt)
CELL_PADDING = 1.0  # column-width units a cell keeps free around its text
ROW_PADDING = 4.0  # points a row keeps free above and below its lines
# Characters that do not start a line and characters that do not end one (the usual Chinese
# line-breaking rules), and the marks after which a label breaks best.
_NO_LINE_START = frozenset("）)，、。；：”’》」』】%")
_NO_LINE_END = frozenset("（(“‘《「『【")
_BREAK_AFTER = frozenset("）)，、；：")

# The page: A4 in points, margins in inches, and the points one column-width unit takes in the
# spreadsheet programs (Excel: 7 px = 5.25 pt at 11 pt; LibreOffice's 「0」 is wider: 5.6 pt).
_A4_PT = (595.3, 841.9)
_SIDE_MARGIN = 0.4
_TOP_MARGIN = 0.6  # room for the print header naming the body and year
_BOTTOM_MARGIN = 0.5
_HEADER_MARGIN = 0.25
_PT_PER_UNIT = 5.6
ROW_PT = {1: 20.0, 2: 26.0}  # the body-and-year row and the section heading row


def text_width(text: str) -> float:
    """Display width of a text in column-width units."""
    return sum(
        CJK_WIDTH if unicodedata.east_asian_width(ch) in "WF" else _NARROW_WIDTH for ch in text
    )


def lines_needed(text: str, width: float) -> int:
    """How many lines a text takes in a cell ``width`` units wide."""
    usable = max(width - 1.0, CJK_WIDTH)
    return max(1, math.ceil(text_width(text) / usable))


def wrapped_label(text: str, width: float) -> str:
    """A label broken into lines for a cell ``width`` units wide, at sensible points.

    A line ends best after a closing bracket or a comma in the later part of the line; no line
    starts with a closing mark or ends with an opening one, and the last line never holds one
    character alone (「社会公益/组织」, 「（三）/不予公开」, never 「社会公益组/织」).
    """
    room = max(width - CELL_PADDING, CJK_WIDTH)
    lines: list[str] = []
    rest = text
    while text_width(rest) > room and len(rest) > 1:
        fits = 1
        while fits < len(rest) and text_width(rest[: fits + 1]) <= room:
            fits += 1
        cut = fits
        for k in range(fits, max(1, math.ceil(fits * 0.5)) - 1, -1):
            if rest[k - 1] in _BREAK_AFTER or (k < len(rest) and rest[k] in _NO_LINE_END):
                cut = k
                break
        while cut > 1 and (rest[cut] in _NO_LINE_START or rest[cut - 1] in _NO_LINE_END):
            cut -= 1
        if sum(ch not in _NO_LINE_START for ch in rest[cut:]) == 1 and cut > 2:
            cut -= 1  # no character alone on the last line
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return "\n".join(lines)


def body_and_year(report: Report) -> str:
    """The line above each table naming the reporting body and the year."""
    meta = report.meta
    year = f"{meta.year}" if meta.year is not None else ""
    return f"{fmt.AGENCY.label}：{meta.agency}　　{fmt.YEAR.label}：{year}"


def print_header(report: Report) -> str:
    """The print header of every sheet: the report's title with the body's full name."""
    return report.meta.default_title


def print_scale(width_units: float, height_pt: float, *, one_page: bool, landscape: bool) -> int:
    """The scale (per cent) at which a sheet's print area fits the page's width, and its height
    too when it prints on one page; never above 100."""
    page_w, page_h = _A4_PT[::-1] if landscape else _A4_PT
    room_w = page_w - 2 * _SIDE_MARGIN * 72
    room_h = page_h - (_TOP_MARGIN + _BOTTOM_MARGIN) * 72
    scale = min(1.0, room_w / (width_units * _PT_PER_UNIT))
    if one_page:
        scale = min(scale, room_h / height_pt)
    return math.floor(scale * 100)


def print_setup(
    sheet: Any, report: Report, *, one_page: bool, width_units: float, height_pt: float
) -> None:
    """A4, upright or sideways whichever prints larger, fitted to the page's width (and height
    for a one-page table), the title in the header and the page number in the footer."""
    upright = print_scale(width_units, height_pt, one_page=one_page, landscape=False)
    sideways = print_scale(width_units, height_pt, one_page=one_page, landscape=True)
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sideways > upright else "portrait"
    # Fitting never enlarges: the scale is what fitting comes to, kept for readers of the file.
    setup.scale = max(upright, sideways)
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = _SIDE_MARGIN
    margins.top = _TOP_MARGIN
    margins.bottom = _BOTTOM_MARGIN
    margins.header = margins.footer = _HEADER_MARGIN
    header = sheet.oddHeader.center
    header.text = print_header(report).replace("&", "&&")
    header.font = FONT_NAME
    header.size = 10
    footer = sheet.oddFooter.center
    footer.text = "第 &P 页，共 &N 页"
    footer.font = FONT_NAME
    footer.size = 10
