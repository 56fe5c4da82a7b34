"""The printed report in reading order, for every renderer (PDF, web page, Word).

What a report says once printed, in the order it is read: the title, the lead paragraphs, each
section's heading with its text parts or its table, and the 落款. It is built only from the format
package and the Report, holds text exactly as it is printed (invisible characters dropped, values
as the cells show them), and knows nothing of pages, fonts or Qt: each renderer lays it out in its
own medium. The one walk of the report lives here, so that no renderer forgets a part the others
print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from gaidesk import format as fmt
from gaidesk.fonts import printable
from gaidesk.model import Report, format_value

# The date left blank for a pen while no 发布日期 is set.
BLANK_DATE = "　　　　年　　月　　日"

LEFT = "left"
CENTER = "center"


@dataclass(frozen=True)
class Part:
    """A text part as printed: its numbered sub-heading ("" for an untitled part), which stands on
    its own line above the paragraphs in every section (docs/format.md §8), and its paragraphs."""

    spec: fmt.TextPart
    heading: str  # 「（一）主动公开」 with the clerk's own title, or "" for an untitled part
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    """One cell of a printed table: a label or a value, with its place, merge and alignment."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str  # the label, or the value as printed
    address: str  # the value's address, "" for a label
    header: bool  # part of the column header
    align: str  # LEFT or CENTER
    vertical: bool  # a tall merged label set vertically (表三's 「三、本年度办理结果」)

    @property
    def is_value(self) -> bool:
        """Whether the cell holds a value (it has an address)."""
        return bool(self.address)


@dataclass(frozen=True)
class Grid:
    """A table as printed: its cells row by row, left to right."""

    spec: fmt.Table
    cells: tuple[Cell, ...]

    @property
    def traits(self) -> fmt.Traits:
        """The format's presentation traits of the table."""
        return self.spec.traits

    def rows(self) -> list[list[Cell]]:
        """The cells that start in each grid row (a merged cell appears once, in its first row)."""
        rows: list[list[Cell]] = [[] for _ in range(self.spec.rows)]
        for c in self.cells:
            rows[c.row].append(c)
        return rows


@dataclass(frozen=True)
class Section:
    """A section as printed: heading, then its parts or its table."""

    spec: fmt.Section
    heading: str  # 「一、总体情况」
    parts: tuple[Part, ...]  # empty for a table section
    table: Grid | None


@dataclass(frozen=True)
class Signature:
    """The 落款: the body's full name ("" when not set) and the date line."""

    name: str
    date: str


@dataclass(frozen=True)
class Outline:
    """The whole report as printed, in reading order."""

    title: str
    preface: tuple[str, ...]
    sections: tuple[Section, ...]
    signature: Signature

    def texts(self) -> Iterator[str]:
        """Every text printed, in reading order (for checking characters, for counting)."""
        yield self.title
        yield from self.preface
        for section in self.sections:
            yield section.heading
            for part in section.parts:
                if part.heading:
                    yield part.heading
                yield from part.paragraphs
            if section.table:
                yield from (c.text for c in section.table.cells)
        if self.signature.name:
            yield self.signature.name
        yield self.signature.date


def paragraphs(text: str) -> tuple[str, ...]:
    """The printed paragraphs of a text part: one per non-blank line, trimmed."""
    return tuple(p.strip() for p in printable(text).split("\n") if p.strip())


def value_text(report: Report, address: str) -> str:
    """A value cell as printed: the stored value as the cell shows it (a count of 0 prints 0)."""
    return printable(format_value(report.cells.get(address)))


def signature_lines(report: Report) -> tuple[str, str]:
    """The 落款: the body's full name and the publishing date as 公文 write it (2026年1月20日,
    no leading zeros), or a blank date to fill in by hand."""
    name = printable(report.meta.agency).strip()
    try:
        day = dt.date.fromisoformat(report.meta.publish_date)
    except ValueError:
        return name, BLANK_DATE
    return name, f"{day.year}年{day.month}月{day.day}日"


def cell_align(table: fmt.Table, cell: fmt.GridCell) -> tuple[str, bool]:
    """How a cell of a table is aligned, and whether it is set vertically: values and header
    labels centred, row labels left, a table's category labels and tall vertical label centred."""
    traits = table.traits
    if cell.is_value:
        return CENTER, False
    vertical = cell.rowspan > 3 and cell.col == traits.vertical_label_col
    centred = cell.header or traits.centred_labels or vertical
    if cell.col == traits.category_col and cell.rowspan > 1:
        centred = True
    return (CENTER if centred else LEFT), vertical


def grid(report: Report, table: fmt.Table) -> Grid:
    """A table of the report as printed: every cell with its text, place, merge and alignment."""
    cells = []
    for c in sorted(table.grid, key=lambda c: (c.row, c.col)):
        align, vertical = cell_align(table, c)
        cells.append(
            Cell(
                row=c.row,
                col=c.col,
                rowspan=c.rowspan,
                colspan=c.colspan,
                text=value_text(report, c.address) if c.is_value else c.text,
                address=c.address,
                header=c.header,
                align=align,
                vertical=vertical,
            )
        )
    return Grid(table, tuple(cells))


def _part(report: Report, spec: fmt.TextPart) -> Part:
    heading = printable(report.title_of(spec.key)) if spec.number else ""
    return Part(spec=spec, heading=heading, paragraphs=paragraphs(report.text.get(spec.key, "")))


def outline(report: Report) -> Outline:
    """The report as printed, in reading order."""
    sections = tuple(
        Section(
            spec=s,
            heading=s.heading,
            parts=tuple(_part(report, p) for p in s.parts),
            table=grid(report, fmt.TABLES[s.table]) if s.table else None,
        )
        for s in fmt.SECTIONS
    )
    name, date = signature_lines(report)
    return Outline(
        title=printable(report.meta.effective_title).strip(),
        preface=paragraphs(report.text.get(fmt.PREFACE.key, "")),
        sections=sections,
        signature=Signature(name, date),
    )
