"""Finding the official tables in a grid by their labels, not by fixed positions.

Each locator looks for the labels of one table (rows, column headers, groups) in a
:class:`~gaidesk.importer.grid.Grid` and takes the value beside each: in the row of the row
label, under the column header's merged range. Rows are found by their own label wherever they
stand, in the official order or not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gaidesk import format as fmt
from gaidesk.importer.grid import Grid, Position


@dataclass
class Located:
    """Where one table's values were found in a grid (or what was missing)."""

    grid: Grid
    cells: dict[str, tuple[Position | None, Any]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def nearest(positions: Iterable[Position], key: Callable[[Position], Any]) -> Position | None:
    """The position that sorts first by ``key``, or None."""
    best = sorted(positions, key=key)
    return best[0] if best else None


def value_at(grid: Grid, rows: range, cols: range) -> tuple[Position | None, Any]:
    """The first value in a range of the grid and its position, or (None, None)."""
    found = grid.first_value(rows, cols)
    return found if found is not None else (None, None)


def locate_t2(grid: Grid) -> Located:
    """Find table 2's value cells by the labels of its blocks and rows."""
    located = Located(grid)
    for block in fmt.T2_BLOCKS:
        for item in block.items:
            positions = grid.find(item.label)
            for alias in item.aliases:
                positions = positions or grid.find(alias)
            if not positions:
                located.missing.append(item.label)
                continue
            pos = positions[0]
            r0, c0, r1, _c1 = grid.span(pos)
            for field_key, header in block.fields:
                above = [p for p in grid.find(header) if p[0] < r0 and p[1] > c0]
                head = nearest(above, key=lambda p: (-p[0], p[1]))
                if head is None:
                    if header not in located.missing:
                        located.missing.append(header)
                    continue
                _hr0, hc0, _hr1, hc1 = grid.span(head)
                located.cells[fmt.cell(fmt.T2, item.key, field_key)] = value_at(
                    grid, range(r0, r1 + 1), range(hc0, hc1 + 1)
                )
    return located


def locate_t2_2019(grid: Grid) -> Located:
    """Table 2 of the 2019 form: only the values that mean the same as today's (the others stay
    out of ``cells``; :data:`gaidesk.format.T2_2019_UNMAPPED` names the columns left out)."""
    located = Located(grid)
    for legacy in fmt.T2_2019_ITEMS:
        positions = grid.find(legacy.label)
        if not positions:
            located.missing.append(legacy.label)
            continue
        r0, c0, r1, _c1 = grid.span(positions[0])
        above = [p for p in grid.find(legacy.header) if p[0] < r0 and p[1] > c0]
        head = nearest(above, key=lambda p: (-p[0], p[1]))
        if head is None:
            if legacy.header not in located.missing:
                located.missing.append(legacy.header)
            continue
        _hr0, hc0, _hr1, hc1 = grid.span(head)
        located.cells[fmt.cell(fmt.T2, legacy.item, legacy.field)] = value_at(
            grid, range(r0, r1 + 1), range(hc0, hc1 + 1)
        )
    return located


def t3_row_name(row: fmt.T3Row) -> str:
    """A row of table 3 as messages name it, with its category."""
    return f"{row.category} {row.label}" if row.category else row.label


def locate_t3(grid: Grid) -> Located:
    """Find table 3's value cells by its row and column labels, rows in any order."""
    return _locate_t3_rows(grid, fmt.T3_ROWS)


def locate_t3_2019(grid: Grid) -> Located:
    """Table 3 of the 2019 form: one row 「（六）其他处理」, read into 「3.其他」."""
    rows: list[fmt.T3Row] = []
    for row in fmt.T3_ROWS:
        if row.key == fmt.T3_2019_OTHER_ROW:
            rows.append(fmt.T3Row(row.key, fmt.T3_2019_OTHER_LABEL, row.short))
        elif row.key not in fmt.T3_2019_SPLIT_ROWS:
            rows.append(row)
    return _locate_t3_rows(grid, rows)


def _locate_t3_rows(grid: Grid, t3_rows: Sequence[fmt.T3Row]) -> Located:
    located = Located(grid)
    org_labels = [c.label for c in fmt.T3_COLUMNS if c.key in fmt.T3_ORGANISATION_COLUMNS][:-1]
    header_row = None
    for pos in grid.find(org_labels[0]):
        if all(any(p[0] == pos[0] for p in grid.find(lbl)) for lbl in org_labels[1:]):
            header_row = pos[0]
            break
    if header_row is None:
        everything = [c.label for c in fmt.T3_COLUMNS] + [t3_row_name(r) for r in t3_rows]
        labels = [c.label for c in fmt.T3_COLUMNS] + [r.label for r in t3_rows]
        located.missing.extend(
            n for n, lbl in zip(everything, labels, strict=True) if not grid.find(lbl)
        )
        if not located.missing:
            located.missing.append("、".join(org_labels) + "（应在同一行）")
        return located
    hr = header_row
    columns: dict[str, Position] = {}
    by_label = {c.label: c.key for c in fmt.T3_COLUMNS}
    for label in org_labels:
        columns[by_label[label]] = next(p for p in grid.find(label) if p[0] == hr)

    def near_header(label: str) -> list[Position]:
        return [p for p in grid.find(label) if hr - 3 <= p[0] <= hr]

    legal_col = columns[fmt.T3_ORGANISATION_COLUMNS[-2]][1]
    commercial_col = columns[fmt.T3_ORGANISATION_COLUMNS[0]][1]
    order = [c.key for c in fmt.T3_COLUMNS]
    for column in fmt.T3_COLUMNS:
        if column.key in columns:
            continue
        candidates = near_header(column.label)
        if column.key == order[0]:
            pick = nearest(
                [p for p in candidates if p[1] < commercial_col], key=lambda p: (-p[1], -p[0])
            )
        elif column.key == order[-1]:
            other = columns.get(order[-2])
            limit = other[1] if other else legal_col
            pick = nearest([p for p in candidates if p[1] > limit], key=lambda p: (p[1], -p[0]))
        else:
            pick = nearest([p for p in candidates if p[1] > legal_col], key=lambda p: (p[1], -p[0]))
        if pick is None:
            located.missing.append(column.label)
        else:
            columns[column.key] = pick
    if located.missing:
        return located
    spans = {k: grid.span(p) for k, p in columns.items()}
    first_data_col = min(s[1] for s in spans.values())
    header_bottom = max(s[2] for s in spans.values())
    previous = header_bottom
    used: set[Position] = set()
    for row in t3_rows:
        # The row's own label below the header; the first one after the previous row when the
        # rows stand in the official order, else wherever it is (rows moved or sorted).
        below = [
            p
            for p in grid.find(row.label)
            if p[0] > header_bottom and p[1] < first_data_col and p not in used
        ]
        after = [p for p in below if p[0] > previous]
        label_pos = nearest(after or below, key=lambda p: (p[0], -p[1]))
        if label_pos is None:
            located.missing.append(t3_row_name(row))
            continue
        used.add(label_pos)
        r0, _c0, r1, _c1 = grid.span(label_pos)
        previous = r0
        for key, (_sr0, sc0, _sr1, sc1) in spans.items():
            located.cells[fmt.cell(fmt.T3, row.key, key)] = value_at(
                grid, range(r0, r1 + 1), range(sc0, sc1 + 1)
            )
    return located


def locate_t4(grid: Grid) -> Located:
    """Find table 4's value cells by its group and column labels."""
    located = Located(grid)
    groups: dict[str, Position] = {}
    for group in fmt.T4_GROUPS:
        found = grid.find(group.label)
        if found:
            groups[group.key] = found[0]
        else:
            located.missing.append(group.label)
    if located.missing:
        located.missing.extend(f"{label}" for _k, label in fmt.T4_COLUMNS if not grid.find(label))
        return located
    starts = sorted((p[1], k) for k, p in groups.items())
    spans: dict[str, tuple[int, int, int, int]] = {}
    for i, (start, key) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else grid.span(groups[key])[3]
        end = max(end, start + len(fmt.T4_COLUMNS) - 1) if i + 1 == len(starts) else end
        top = groups[key][0]
        for col_key, label in fmt.T4_COLUMNS:
            candidates = [
                p for p in grid.find(label) if top < p[0] <= top + 3 and start <= p[1] <= end
            ]
            pos = nearest(candidates, key=lambda p: (p[0], p[1]))
            if pos is None:
                group_label = next(g.label for g in fmt.T4_GROUPS if g.key == key)
                located.missing.append(f"{group_label}下的「{label}」")
                continue
            spans[fmt.cell(fmt.T4, key, col_key)] = grid.span(pos)
    if located.missing:
        return located
    bottom = max(s[2] for s in spans.values())
    left = min(s[1] for s in spans.values())
    right = max(s[3] for s in spans.values())
    data_row = bottom + 1
    for r in range(bottom + 1, bottom + 4):
        if grid.first_value(range(r, r + 1), range(left, right + 1)) is not None:
            data_row = r
            break
    for address, (_r0, c0, _r1, c1) in spans.items():
        located.cells[address] = value_at(grid, range(data_row, data_row + 1), range(c0, c1 + 1))
    return located


LOCATORS: dict[str, Callable[[Grid], Located]] = {
    fmt.T2: locate_t2,
    fmt.T3: locate_t3,
    fmt.T4: locate_t4,
}


@dataclass(frozen=True)
class OlderLayout:
    """A former layout of a table that is read where it means the same as today's."""

    name: str  # 「2019年版」
    locate: Callable[[Grid], Located]
    differences: str  # what was read differently or not at all, for the import notes


# Older layouts a table may come in, tried when today's labels are not all there.
OLDER_LAYOUTS: dict[str, tuple[OlderLayout, ...]] = {
    fmt.T2: (
        OlderLayout(
            fmt.T2_2019_LAYOUT,
            locate_t2_2019,
            "".join(f"「{c}」" for c in fmt.T2_2019_UNMAPPED)
            + "在现行格式中没有对应栏目，没有导入",
        ),
    ),
    fmt.T3: (
        OlderLayout(
            fmt.T2_2019_LAYOUT,
            locate_t3_2019,
            f"「{fmt.T3_2019_OTHER_LABEL}」只有一行，已读入现行格式的"
            f"「{fmt.T3_ROW_BY_KEY[fmt.T3_2019_OTHER_ROW].label}」",
        ),
    ),
}
