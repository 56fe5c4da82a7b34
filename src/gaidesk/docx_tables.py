"""The three tables as WordprocessingML: every merge, fixed widths, rows kept together.

Word lays out the pages itself, so nothing here measures glyphs: table 3's font size is the
largest of its print sizes at which an estimate of its height (each label's lines in its column)
takes at most ``T3_FILL`` of the text block with its heading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from gaidesk.docx_layout import (
    LINE_PITCH,
    NS,
    STYLE_IDS,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    em_width,
    exact,
    run,
    size_xml,
)
from gaidesk.errors import ExportError
from gaidesk.fonts import TABLE
from gaidesk.outline import CENTER, Grid

# Tables: grid lines of ½ pt, cell padding, and the leading of their lines.
BORDER_EIGHTHS = 4  # ½ pt, in eighths of a point
CELL_PADDING_X = 60  # twips, left and right
CELL_PADDING_Y = 30  # twips, above and below
TABLE_LEADING = 1.25  # line height / font size
LABEL_SHARE = 0.28  # of the text width, for a table's one label column
# Table 3 is sized so that its estimated height takes at most this share of the text block
# (with its heading): the estimate counts characters, and Word's line breaking (kinsoku, the
# widths of Latin letters) may need a line more here and there.
T3_FILL = 0.9
T3_CATEGORY_CHARS = 5  # 「（三）不予公开」 in two lines
T3_DATA_CHARS = 3.2  # 「自然人」 or a five-digit number on one line, with a little slack
T3_LABEL_CHARS = 8  # the row labels' column gives its width to the numbers down to this
MIN_NUMBER_SHRINK = 0.5  # a number too wide for its cell is set smaller, down to half size
# A digit's width in em, for keeping numbers on one line: 宋体's digits are ½ em, but the faces
# that stand in for it elsewhere are wider (DejaVu Sans, LibreOffice's choice here: 0.64 em).
DIGIT_EM = 0.65


def _number_em(text: str) -> float:
    return len(text) * DIGIT_EM


@dataclass(frozen=True)
class Layout:
    """A table's font size and column widths (twips)."""

    size: float
    widths: tuple[int, ...]


def _column_widths(grid: Grid, size: float, *, widen: bool) -> tuple[int, ...]:
    em = size * 20
    pad = 2 * CELL_PADDING_X
    spec = grid.spec
    data_cols = spec.cols - spec.label_cols
    if spec.traits.long_label_col is not None:
        # Table 3: a narrow vertical label, the categories, then the data columns as wide as
        # their headers, or (``widen``) as their widest number, taken from the row labels.
        vertical = round(em * 1.5 + pad)
        category = round(em * T3_CATEGORY_CHARS + pad)
        wanted = em * T3_DATA_CHARS
        if widen:
            wanted = max(wanted, em * max(_number_em(c.text) for c in grid.cells if c.is_value))
        most = (TEXT_WIDTH - vertical - category - em * T3_LABEL_CHARS - pad) / data_cols
        data = round(min(wanted + pad, most))
        label = TEXT_WIDTH - vertical - category - data * data_cols
        return (vertical, category, label) + (data,) * data_cols
    if spec.label_cols:
        label = round(TEXT_WIDTH * LABEL_SHARE)
        data = (TEXT_WIDTH - label) // data_cols
        return (label,) + (data,) * data_cols
    return (TEXT_WIDTH // spec.cols,) * spec.cols


def _span_width(widths: Sequence[int], col: int, span: int) -> int:
    return sum(widths[col : col + span])


def _lines(text: str, width: int, size: float) -> int:
    """Lines a text takes in a cell of ``width`` twips at ``size`` (an estimate)."""
    room = (width - 2 * CELL_PADDING_X) / (size * 20)
    return max(1, math.ceil(em_width(text) / max(room, 1.0)))


def estimated_height(grid: Grid, layout: Layout) -> float:
    """Table height in twips: each row as tall as its tallest one-row label (a number stays on
    one line, set smaller if it must be)."""
    line = layout.size * TABLE_LEADING * 20
    height = 0.0
    for row in grid.rows():
        lines = [
            _lines(c.text, _span_width(layout.widths, c.col, c.colspan), layout.size)
            for c in row
            if c.rowspan == 1 and not c.vertical and not c.is_value
        ]
        height += max(lines, default=1) * line + 2 * CELL_PADDING_Y
    return height


def table_layout(grid: Grid) -> Layout:
    """The table's size and widths: its first print size, or for a one-page table the largest
    at which it and its heading fill at most T3_FILL of the text block — first with the data
    columns widened for long numbers, then with the numbers set smaller instead, which leaves
    the row labels room (seven-digit numbers everywhere)."""
    sizes = grid.traits.print_sizes
    if not grid.traits.one_page:
        return Layout(sizes[0], _column_widths(grid, sizes[0], widen=True))
    room = TEXT_HEIGHT * T3_FILL - LINE_PITCH
    layouts = [
        Layout(size, _column_widths(grid, size, widen=widen))
        for widen in (True, False)
        for size in sizes
    ]
    return next((lay for lay in layouts if estimated_height(grid, lay) <= room), layouts[-1])


def header_lines(text: str, room: float) -> list[str]:
    """A column header too wide for its cell, broken between pairs of characters
    (「商业/企业」, 「社会/公益/组织」) rather than wherever the line is full (「商业企/业」)."""
    if em_width(text) <= room or len(text) < 4:
        return [text]
    per_line = max(2, int(room) // 2 * 2)
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def _cell_xml(
    text: str,
    width: int,
    size: float,
    *,
    align: str,
    vertical: bool,
    is_value: bool,
    last: bool,
    paired: bool,
) -> str:
    run_size = size
    if is_value and text:
        room = (width - 2 * CELL_PADDING_X) / 20
        if _number_em(text) * size > room:
            run_size = max(size * MIN_NUMBER_SHRINK, math.floor(room / _number_em(text) * 2) / 2)
    keep = "" if last else "<w:keepNext/>"
    jc = "center" if align == CENTER or vertical else "left"
    if paired:
        room = (width - 2 * CELL_PADDING_X) / 20 / size
        lines = header_lines(text, room)
        runs = f"<w:r><w:rPr>{size_xml(size)}</w:rPr><w:br/></w:r>".join(
            run(line, size=size) for line in lines
        )
    else:
        runs = run(text, size=run_size) if text else ""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS[TABLE]}"/>{keep}<w:snapToGrid w:val="0"/>'
        f'{exact(size * TABLE_LEADING)}<w:jc w:val="{jc}"/></w:pPr>{runs}</w:p>'
    )


def table_xml(grid: Grid, layout: Layout) -> str:
    """The table with every merge: gridSpan across columns, vMerge down rows. Each row is kept
    with the next and never split, so the table stays whole on one page with its heading."""
    spec = grid.spec
    size, widths = layout.size, layout.widths
    border = f'w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"'
    borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    xml = [
        f"<w:tbl {NS}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{CELL_PADDING_Y}" w:type="dxa"/>'
        f'<w:left w:w="{CELL_PADDING_X}" w:type="dxa"/>'
        f'<w:bottom w:w="{CELL_PADDING_Y}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_PADDING_X}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    # Cells merged down from a row above, by the column where they start.
    continuing: dict[int, tuple[int, int]] = {}  # col -> (colspan, last row)
    rows = grid.rows()
    for r, starting in enumerate(rows):
        last_row = r == len(rows) - 1
        header = "<w:tblHeader/>" if r < spec.header_rows else ""
        xml.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        by_col = {c.col: c for c in starting}
        col = 0
        while col < spec.cols:
            if col in by_col:
                c = by_col[col]
                width = _span_width(widths, col, c.colspan)
                span = f'<w:gridSpan w:val="{c.colspan}"/>' if c.colspan > 1 else ""
                merge = '<w:vMerge w:val="restart"/>' if c.rowspan > 1 else ""
                if c.rowspan > 1:
                    continuing[col] = (c.colspan, r + c.rowspan - 1)
                direction = '<w:textDirection w:val="tbRlV"/>' if c.vertical else ""
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}{direction}'
                    '<w:vAlign w:val="center"/></w:tcPr>'
                    + _cell_xml(
                        c.text,
                        width,
                        size,
                        align=c.align,
                        vertical=c.vertical,
                        is_value=c.is_value,
                        last=last_row,
                        paired=c.header and c.colspan == 1 and not c.vertical,
                    )
                    + "</w:tc>"
                )
                col += c.colspan
            elif col in continuing and continuing[col][1] >= r:
                colspan, _ = continuing[col]
                width = _span_width(widths, col, colspan)
                span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
                keep = "" if last_row else "<w:keepNext/>"
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vMerge/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{STYLE_IDS[TABLE]}"/>{keep}</w:pPr></w:p>'
                    "</w:tc>"
                )
                col += colspan
            else:  # cannot happen for a format grid: every grid position is covered
                raise ExportError(f"表格第 {r + 1} 行第 {col + 1} 列没有单元格。")
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)
