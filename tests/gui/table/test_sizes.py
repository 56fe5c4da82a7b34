"""The table steps' column widths and row heights as plain arithmetic (no widget, no Qt)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaidesk import format as fmt
from gaidesk.gui.table.sizes import (
    COLUMN_PAD,
    DENSE_LABEL_SHARE,
    LABEL_SHARE,
    MAX_STRETCH,
    ColumnWidths,
    column_plan,
    row_heights,
    spread,
)

# One label column 20..40 pixels, two data columns 40..80: compact 100, roomy 200, widest 300.
NARROW = ColumnWidths(compact=(20, 40, 40), roomy=(40, 80, 80), label_cols=1, dense=False)


def test_plan_is_the_formats_screen_widths_and_dense_narrows_only_the_data_columns() -> None:
    dense_tables = [t for t in fmt.TABLES.values() if t.traits.dense_data_width is not None]
    assert dense_tables, "no table has a dense data width: this test tests nothing"
    for table in fmt.TABLES.values():
        assert column_plan(table, dense=False) == list(table.traits.screen_widths)
    for table in dense_tables:
        plan = column_plan(table, dense=True)
        for col, (compact, roomy) in enumerate(plan):
            screen = table.traits.screen_widths[col]
            expected = screen[0] if col < table.label_cols else table.traits.dense_data_width
            assert (compact, roomy) == (expected, screen[1])


def test_pixel_widths_are_characters_times_em_plus_padding() -> None:
    table = next(iter(fmt.TABLES.values()))
    widths = ColumnWidths.of_table(table, 16, dense=False)
    assert widths.compact == tuple(int(c * 16) + COLUMN_PAD for c, _ in table.traits.screen_widths)
    assert widths.roomy == tuple(int(r * 16) + COLUMN_PAD for _, r in table.traits.screen_widths)
    assert widths.label_cols == table.label_cols
    assert widths.roomy_total() == sum(widths.roomy)
    assert widths.widest_total() == int(sum(widths.roomy) * MAX_STRETCH)


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (80, [20, 40, 40]),  # narrower than compact: compact, and the grid scrolls sideways
        (100, [20, 40, 40]),
        # between: the labels take 40 % but no more than their roomy 40, the data the rest
        (150, [40, 55, 55]),
        (200, [40, 80, 80]),  # roomy
        (250, [50, 100, 100]),  # beyond roomy every column grows alike
        (300, [60, 120, 120]),
        (400, [60, 120, 120]),  # to at most 1.5 times: the grid ends before the edge
    ],
)
def test_columns_go_from_compact_to_roomy_to_stretched(available: int, expected: list[int]) -> None:
    assert NARROW.fit(available) == expected


def test_the_pixels_lost_to_rounding_go_to_the_last_column() -> None:
    thirds = ColumnWidths(compact=(10, 10, 10), roomy=(20, 20, 20), label_cols=0, dense=False)
    assert thirds.fit(44) == [14, 14, 16]  # 14.67 each
    assert NARROW.fit(151) == [40, 55, 56]  # the data columns 55.5 each


def test_labels_take_their_share_of_a_grid_between_compact_and_roomy() -> None:
    long_labels = ColumnWidths(compact=(20, 40, 40), roomy=(100, 80, 80), label_cols=1, dense=False)
    assert long_labels.fit(200) == [80, 60, 60]  # 40 % of 200 for the labels
    dense = ColumnWidths(compact=(20, 40, 40), roomy=(100, 80, 80), label_cols=1, dense=True)
    assert dense.fit(200) == [94, 53, 53]  # 47 % on a low screen
    assert (LABEL_SHARE, DENSE_LABEL_SHARE) == (0.4, 0.47)


def test_labels_never_squeeze_the_data_columns_below_compact() -> None:
    wide_labels = ColumnWidths(compact=(10, 40, 40), roomy=(200, 45, 45), label_cols=1, dense=True)
    assert wide_labels.fit(120) == [40, 40, 40]


@given(
    columns=st.lists(st.tuples(st.integers(4, 200), st.integers(0, 200)), min_size=2, max_size=15),
    label_cols=st.integers(0, 3),
    dense=st.booleans(),
    data=st.data(),
)
def test_a_grid_between_compact_and_widest_fills_the_viewport(
    columns: list[tuple[int, int]], label_cols: int, dense: bool, data: st.DataObject
) -> None:
    compact = tuple(c for c, _ in columns)
    roomy = tuple(c + extra for c, extra in columns)
    widths = ColumnWidths(compact, roomy, min(label_cols, len(columns) - 1), dense)
    available = data.draw(st.integers(sum(compact), widths.widest_total()))
    fitted = widths.fit(available)
    assert len(fitted) == len(compact)
    # The rounding remainder goes to the last column: the grid ends at the edge (a float sum a
    # hair under a whole pixel may leave that one pixel).
    assert available - 1 <= sum(fitted) <= available
    assert all(width >= low - 1 for width, low in zip(fitted, compact, strict=True))


def test_spread_moves_every_column_the_same_part_of_its_way() -> None:
    assert spread([10, 20], [30, 20], 35) == [15.0, 20.0]  # a quarter of the 20 to gain
    assert spread([10, 30], [10, 30], 80) == [20.0, 60.0]  # no way to go: in proportion
    assert spread([], [], 50) == []


def _table(grid: tuple[fmt.GridCell, ...], rows: int) -> fmt.Table:
    return fmt.Table(
        key="x",
        section="一",
        rows=rows,
        cols=2,
        grid=grid,
        header_rows=0,
        label_cols=1,
        traits=fmt.Traits(name="表", screen_widths=((4.0, 6.0), (4.0, 6.0))),
    )


# A label over rows 0 and 1 beside two values; a one-row label and a value in row 2; a label
# row 3 without values.
TALL = fmt.GridCell(0, 0, "甲", rowspan=2)
ONE = fmt.GridCell(2, 0, "乙")
HEADING = fmt.GridCell(3, 0, "丙", colspan=2)
GRID = (
    TALL,
    fmt.GridCell(0, 1, address="v.a"),
    fmt.GridCell(1, 1, address="v.b"),
    ONE,
    fmt.GridCell(2, 1, address="v.c"),
    HEADING,
)


def test_rows_with_values_are_taller_than_label_rows() -> None:
    table = _table(GRID, 4)
    # line 20: label rows 1.5 lines + 4, value rows 1.65 lines + 4, dense rows a line + 2
    assert row_heights(table, 20, [], dense=False, previous=False) == [37, 37, 37, 34]
    assert row_heights(table, 20, [], dense=True, previous=False) == [22, 22, 22, 22]
    # last year's figures under this year's: 2.5 lines + 6
    assert row_heights(table, 20, [], dense=False, previous=True) == [56, 56, 56, 34]


def test_rows_grow_for_their_wrapped_labels() -> None:
    table = _table(GRID, 4)
    needs = [(TALL, 20), (ONE, 60), (HEADING, 40)]
    # one-row labels: their text and 12 pixels (4 dense); the tall label fits in its two rows
    assert row_heights(table, 20, needs, dense=False, previous=False) == [37, 37, 72, 52]
    assert row_heights(table, 20, needs, dense=True, previous=False) == [22, 22, 64, 44]


def test_a_label_over_several_rows_spreads_what_it_lacks_over_them() -> None:
    table = _table(GRID, 4)
    # 100 + 12 needed, 74 there: 38 lacking, 19 (+1 for the rounding) more for each row
    heights = row_heights(table, 20, [(TALL, 100)], dense=False, previous=False)
    assert heights == [57, 57, 37, 34]
