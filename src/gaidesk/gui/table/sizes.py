"""The sizes of a table step's grid: column widths that fill the width it is given, row heights
that fit the wrapped labels.

Plain arithmetic over the format's grid and screen widths (in character widths); no Qt. The
view measures its font (one character's width, the line height, the wrapped labels), asks
for the sizes and applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gaidesk import format as fmt

MAX_STRETCH = 1.5  # columns grow to at most 1.5 times their roomy width on wide screens
LABEL_SHARE = 0.4  # row labels take at most 40 % of a grid narrower than its roomy width
DENSE_LABEL_SHARE = 0.47  # on a low screen a little more, so that fewer labels take two lines
COLUMN_PAD = 12  # pixels every column has beyond its characters (padding and grid line)


def column_plan(table: fmt.Table, *, dense: bool) -> list[tuple[float, float]]:
    """(compact, roomy) width of each column, in character widths.

    Compact data columns are as wide as four characters of their header (社会公益/组织 and
    结果/维持 then take two lines); compact label columns wrap the row labels. Roomy widths
    show every header on one line. The grid takes whatever lies between the two that the
    window offers, so it fits a 1366×768 screen without sideways scrolling.
    """
    plan = list(table.traits.screen_widths)
    dense_width = table.traits.dense_data_width
    if dense and dense_width is not None:
        for col in range(table.label_cols, table.cols):
            plan[col] = (dense_width, plan[col][1])
    return plan


@dataclass(frozen=True)
class ColumnWidths:
    """The compact and roomy pixel widths of a grid's columns, the first label_cols of them
    row labels; dense on a low screen, where the labels may take a larger share."""

    compact: tuple[int, ...]
    roomy: tuple[int, ...]
    label_cols: int
    dense: bool

    @classmethod
    def of_table(cls, table: fmt.Table, em: int, *, dense: bool) -> ColumnWidths:
        """The widths of a table's columns when one character is em pixels wide."""
        plan = column_plan(table, dense=dense)
        return cls(
            compact=tuple(int(c * em) + COLUMN_PAD for c, _ in plan),
            roomy=tuple(int(r * em) + COLUMN_PAD for _, r in plan),
            label_cols=table.label_cols,
            dense=dense,
        )

    def roomy_total(self) -> int:
        """The width of the grid with every header on one line."""
        return sum(self.roomy)

    def widest_total(self) -> int:
        """The widest the grid is worth making: every column 1.5 times its roomy width."""
        return int(sum(self.roomy) * MAX_STRETCH)

    def fit(self, available: int) -> list[int]:
        """The column widths for a viewport of a given width.

        Between compact and roomy the grid fills the viewport exactly (no sideways scrolling):
        the row labels take up to 40 % of the width (at most their roomy widths), the data
        columns the rest. Beyond roomy every column grows alike, to at most 1.5 times. Below
        compact the columns stay compact and the grid scrolls.
        """
        compact, roomy = list(self.compact), list(self.roomy)
        total_compact, total_roomy = sum(compact), sum(roomy)
        if available <= total_compact:
            return compact
        if available >= total_roomy:
            scale = min(MAX_STRETCH, available / total_roomy)
            widths = [w * scale for w in roomy]
        else:
            n = self.label_cols
            labels_compact, labels_roomy = sum(compact[:n]), sum(roomy[:n])
            share = DENSE_LABEL_SHARE if self.dense else LABEL_SHARE
            labels = min(labels_roomy, max(labels_compact, share * available))
            labels = min(labels, available - sum(compact[n:]))
            widths = spread(compact[:n], roomy[:n], labels)
            widths += spread(compact[n:], roomy[n:], available - labels)
        result = [int(w) for w in widths]
        # The pixels lost to rounding go to the last column, so the grid ends at the edge.
        result[-1] += min(available, int(sum(widths))) - sum(result)
        return result


def spread(compact: list[int], roomy: list[int], total: float) -> list[float]:
    """Widths from compact towards roomy (and beyond) that add up to total."""
    if not compact:
        return []
    low, high = sum(compact), sum(roomy)
    if high == low:
        return [c * total / low for c in compact]
    t = (total - low) / (high - low)
    return [c + t * (r - c) for c, r in zip(compact, roomy, strict=True)]


def row_heights(
    table: fmt.Table,
    line: int,
    label_text_heights: Sequence[tuple[fmt.GridCell, int]],
    *,
    dense: bool,
    previous: bool,
) -> list[int]:
    """The height of each row in pixels.

    line is the height of a line of the grid's font; label_text_heights the height each label
    cell's wrapped text takes, in the order of the grid. Rows with values are taller than the
    text (much taller when last year's figures show under this year's); dense rows on a low
    screen keep a dozen of table 3's rows in a laptop's work area. A label spanning several
    rows that needs more than they have spreads the difference over them.
    """
    label_pad = 4 if dense else 12
    value_height = line + 2 if dense else int(line * 1.65) + 4
    if previous:
        value_height = int(line * 2.5) + 6
    heights = [line + 2 if dense else int(line * 1.5) + 4] * table.rows
    for cell in table.grid:
        if cell.is_value:
            heights[cell.row] = max(heights[cell.row], value_height)
    for cell, text_height in label_text_heights:
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], text_height + label_pad)
    for cell, text_height in label_text_heights:
        if cell.rowspan == 1:
            continue
        rows_of = range(cell.row, cell.row + cell.rowspan)
        lacking = text_height + label_pad - sum(heights[r] for r in rows_of)
        if lacking > 0:
            for r in rows_of:
                heights[r] += lacking // cell.rowspan + 1
    return heights
