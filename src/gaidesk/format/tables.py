"""The three tables as printed grids, their value cells and how each one is presented.

The grids (every label, merged cell and address) are derived from the rows and columns in
``rows.py``; the value cells know their kind and, for a total, the cells it adds up. Each table
carries its presentation traits as data, read by the PDF, the workbook and the editor, so that
none of them tests which table it is drawing.
"""

from __future__ import annotations

from typing import NamedTuple

from gaidesk.format.address import T2, T3, T4, cell
from gaidesk.format.rows import (
    T2_BLOCKS,
    T2_ITEM_HEADER,
    T3_APPLICANTS,
    T3_COLUMNS,
    T3_CORNER,
    T3_ORGANISATIONS,
    T3_RESULT_ROWS,
    T3_RESULT_TOTAL_ROW,
    T3_RESULTS,
    T3_ROWS,
    T3_TOTAL_COLUMN,
    T4_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION,
    T4_REVIEW,
    T4_TOTAL_COLUMN,
    CellKind,
)


class GridCell(NamedTuple):
    """One cell of a table's printed grid; a label or a value, possibly merged."""

    row: int
    col: int
    text: str = ""  # the official label, for label cells
    address: str = ""  # the value's address (``t3.new.natural``), for value cells
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # part of the column header (repeated, printed bold)

    @property
    def is_value(self) -> bool:
        """Whether the cell holds a value (it has an address)."""
        return bool(self.address)


class ValueCell(NamedTuple):
    """One data cell of a table with everything the rules and editors need to know."""

    address: str
    kind: CellKind
    name: str  # the cell named in official words, for messages
    parts: tuple[str, ...] = ()  # for a total: the addresses it adds up

    @property
    def is_total(self) -> bool:
        """Whether the value is the sum of other cells."""
        return bool(self.parts)


class Traits(NamedTuple):
    """How a table is presented: facts of its layout that the PDF, the workbook and the editor
    read instead of testing which table they draw."""

    name: str  # 「表二」: the workbook's sheet, the editor's step
    one_page: bool = False  # printed on one page (the PDF shrinks it, the sheet fits the page)
    long_label_col: int | None = None  # the column of the long row labels (left-aligned, wraps)
    vertical_label_col: int | None = None  # a column whose tall merged label is set vertically
    category_col: int | None = None  # a column of merged category labels (centred)
    centred_labels: bool = False  # every label centred (a table of column headers only)
    balanced: bool = False  # has the T3-BALANCE equation: the editor shows it under the grid
    zero_marks: bool = False  # 「-」「/」「无」 typed or imported in a count cell mean 0
    scrolls: bool = False  # too tall to show whole on a screen: the editor scrolls it
    # Editor column widths in character widths, (compact, roomy) per column; on a low screen
    # the data columns may take ``dense_data_width`` instead of their compact width.
    screen_widths: tuple[tuple[float, float], ...] = ()
    dense_data_width: float | None = None
    not_applicable_marks: bool = False  # imported 「/」「不适用」 mean the item does not apply (0)
    # Workbook column widths (Excel units) at least: every label fits on its lines, broken only
    # at sensible points; a data column widens further for its longest number.
    sheet_widths: tuple[float, ...] = ()
    print_sizes: tuple[float, ...] = (10.5,)  # PDF font sizes in points, tried in order
    print_padding: float | None = None  # PDF cell padding above and below, if not the default
    print_side_padding: float | None = None  # PDF cell padding left and right, if not the default
    # The PDF's data columns hold a number of this many digits on one line at the table's size
    # (0: the columns share the width left by the labels).
    print_number_digits: int = 0
    # A number too wide for its cell is printed no smaller than this (then set condensed).
    print_number_min_size: float = 0.0
    roomy_last_row: bool = False  # the PDF gives the (only) data row room, as the printed form
    # Grid row ranges kept on one page: the PDF splits the table only between them, and keeps a
    # table without them whole.
    unbreakable_rows: tuple[tuple[int, int], ...] = ()


class Table(NamedTuple):
    """An official table: its grid of labels and value cells with merges, and its traits."""

    key: str  # "t2", "t3", "t4"
    section: str  # the section number it belongs to, "二"
    rows: int
    cols: int
    grid: tuple[GridCell, ...]
    header_rows: int  # how many grid rows form the column header
    label_cols: int  # how many grid columns hold row labels
    traits: Traits

    @property
    def values(self) -> tuple[ValueCell, ...]:
        """The value cells of the table in grid order."""
        return tuple(VALUE_CELLS[c.address] for c in self.grid if c.is_value)

    def addresses(self) -> tuple[str, ...]:
        """The addresses of the value cells in grid order."""
        return tuple(c.address for c in self.grid if c.is_value)


# --------------------------------------------------------------------------------------------
# Building the grids and the value cells from the definitions above


def _t2_grid() -> tuple[GridCell, ...]:
    cells: list[GridCell] = []
    row = 0
    for block in T2_BLOCKS:
        cells.append(GridCell(row, 0, block.heading, colspan=4, header=True))
        row += 1
        cells.append(GridCell(row, 0, T2_ITEM_HEADER, header=True))
        span = 3 // len(block.fields)
        for i, (_, label) in enumerate(block.fields):
            cells.append(GridCell(row, 1 + i * span, label, colspan=span, header=True))
        row += 1
        for item in block.items:
            cells.append(GridCell(row, 0, item.label))
            for i, (field, _) in enumerate(block.fields):
                cells.append(
                    GridCell(row, 1 + i * span, address=cell(T2, item.key, field), colspan=span)
                )
            row += 1
    return tuple(cells)


def _t3_grid() -> tuple[GridCell, ...]:
    cells = [
        GridCell(0, 0, T3_CORNER, rowspan=3, colspan=3, header=True),
        GridCell(0, 3, T3_APPLICANTS, colspan=7, header=True),
        GridCell(1, 3, T3_COLUMNS[0].label, rowspan=2, header=True),
        GridCell(1, 4, T3_ORGANISATIONS, colspan=5, header=True),
        GridCell(1, 9, T3_COLUMNS[-1].label, rowspan=2, header=True),
    ]
    cells += [GridCell(2, 4 + i, c.label, header=True) for i, c in enumerate(T3_COLUMNS[1:-1])]
    first = 3
    results = [i for i, r in enumerate(T3_ROWS) if r.is_result or r.key == T3_RESULT_TOTAL_ROW]
    for i, r in enumerate(T3_ROWS):
        row = first + i
        if i == results[0]:
            cells.append(GridCell(row, 0, T3_RESULTS, rowspan=len(results)))
        if not r.category:
            in_results = i in results
            cells.append(
                GridCell(row, 1 if in_results else 0, r.label, colspan=2 if in_results else 3)
            )
        else:
            siblings = [x for x in T3_ROWS if x.category == r.category]
            if siblings[0] is r:
                cells.append(GridCell(row, 1, r.category, rowspan=len(siblings)))
            cells.append(GridCell(row, 2, r.label))
        cells += [
            GridCell(row, 3 + j, address=cell(T3, r.key, c.key)) for j, c in enumerate(T3_COLUMNS)
        ]
    return tuple(cells)


def _t4_grid() -> tuple[GridCell, ...]:
    cells = [
        GridCell(0, 0, T4_REVIEW, colspan=5, header=True),
        GridCell(0, 5, T4_LITIGATION, colspan=10, header=True),
    ]
    n = len(T4_COLUMNS)
    for g, group in enumerate(T4_GROUPS):
        if g == 0:
            cells += [
                GridCell(1, j, label, rowspan=2, header=True)
                for j, (_, label) in enumerate(T4_COLUMNS)
            ]
        else:
            cells.append(GridCell(1, g * n, group.label, colspan=n, header=True))
            cells += [
                GridCell(2, g * n + j, label, header=True)
                for j, (_, label) in enumerate(T4_COLUMNS)
            ]
        cells += [
            GridCell(3, g * n + j, address=cell(T4, group.key, col))
            for j, (col, _) in enumerate(T4_COLUMNS)
        ]
    return tuple(cells)


def _value_cells() -> dict[str, ValueCell]:
    cells: dict[str, ValueCell] = {}
    for block in T2_BLOCKS:
        for item in block.items:
            for field, label in block.fields:
                addr = cell(T2, item.key, field)
                name = item.label if len(block.fields) == 1 else f"{item.label}{label}"
                cells[addr] = ValueCell(addr, block.kind, name)
    data_cols = [c.key for c in T3_COLUMNS if c.key != T3_TOTAL_COLUMN]
    for r in T3_ROWS:
        for c in T3_COLUMNS:
            addr = cell(T3, r.key, c.key)
            parts: tuple[str, ...] = ()
            if c.key == T3_TOTAL_COLUMN:
                parts = tuple(cell(T3, r.key, k) for k in data_cols)
            elif r.key == T3_RESULT_TOTAL_ROW:
                parts = tuple(cell(T3, k, c.key) for k in T3_RESULT_ROWS)
            cells[addr] = ValueCell(addr, CellKind.COUNT, f"{r.short}（{c.label}）", parts)
    for g in T4_GROUPS:
        for col, label in T4_COLUMNS:
            addr = cell(T4, g.key, col)
            parts = ()
            if col == T4_TOTAL_COLUMN:
                parts = tuple(cell(T4, g.key, k) for k, _ in T4_COLUMNS if k != T4_TOTAL_COLUMN)
            cells[addr] = ValueCell(addr, CellKind.COUNT, f"{g.short}{label}", parts)
    return cells


VALUE_CELLS: dict[str, ValueCell] = _value_cells()
ADDRESSES: tuple[str, ...] = tuple(VALUE_CELLS)
# Totals in the order they must be computed: row totals of t3 use the results_total row's own
# parts, so compute the column sums (results_total row) first, then row totals.
TOTAL_ADDRESSES: tuple[str, ...] = tuple(
    sorted((a for a, c in VALUE_CELLS.items() if c.is_total), key=lambda a: a.endswith(".total"))
)


def _t2_blocks() -> tuple[tuple[int, int], ...]:
    """Each block of table 2 (its heading, header row and items) as a range of grid rows."""
    ranges = []
    row = 0
    for block in T2_BLOCKS:
        last = row + 1 + len(block.items)
        ranges.append((row, last))
        row = last + 1
    return tuple(ranges)


TABLES: dict[str, Table] = {
    T2: Table(
        T2,
        "二",
        14,
        4,
        _t2_grid(),
        header_rows=0,
        label_cols=1,
        traits=Traits(
            "表二",
            sheet_widths=(20.0, 16.0, 16.0, 16.0),
            screen_widths=((6.0, 8.5),) + ((5.0, 7.5),) * 3,
            print_sizes=(12.0,),
            print_padding=4,
            not_applicable_marks=True,
            unbreakable_rows=_t2_blocks(),
        ),
    ),
    T3: Table(
        T3,
        "三",
        28,
        10,
        _t3_grid(),
        header_rows=3,
        label_cols=3,
        traits=Traits(
            "表三",
            one_page=True,
            long_label_col=2,
            vertical_label_col=0,
            category_col=1,
            balanced=True,
            scrolls=True,
            screen_widths=((2.2, 2.6), (4.6, 7.2), (8.0, 15.5)) + ((4.4, 6.6),) * 7,
            dense_data_width=4.0,  # 「社会公益/组织」 in two lines either way
            zero_marks=True,
            # The vertical 「三、本年度办理结果」, 「（三）/不予公开」 in two lines, the long labels
            # in at most three, four characters a line over the data (「社会公益/组织」): the
            # table fills an A4 page upright at about 95 %.
            sheet_widths=(3.6, 9.8, 24.0) + (9.4,) * 7,
            print_sizes=(10.5, 10.0, 9.5, 9.0, 8.5, 8.0),
            print_padding=2.0,
            print_side_padding=2.0,
            print_number_digits=7,
            print_number_min_size=9.0,
        ),
    ),
    T4: Table(
        T4,
        "四",
        4,
        15,
        _t4_grid(),
        header_rows=3,
        label_cols=0,
        traits=Traits(
            "表四",
            centred_labels=True,
            zero_marks=True,
            sheet_widths=(7.0,) * 15,
            screen_widths=((2.4, 4.4),) * 15,
            print_sizes=(10.5,),
            print_side_padding=1.5,
            print_number_min_size=9.0,
            roomy_last_row=True,
        ),
    ),
}
