"""The story: the report's title, lead, sections and tables as flowables, from gaidesk.outline
and the tables' grids and traits in gaidesk.format."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from gaidesk import fonts as fontmod
from gaidesk import format as fmt
from gaidesk.fonts import BODY, HEADING, SUBHEADING, TABLE, TITLE, FontSet
from gaidesk.model import Report
from gaidesk.outline import Outline, outline
from gaidesk.pdf.faces import font_name
from gaidesk.pdf.flowables import CachedTable, Ending, Para, Signature, WithHeadings
from gaidesk.pdf.geometry import (
    BODY_LEADING,
    BODY_SIZE,
    BODY_TRACKING,
    CELL_PADDING,
    GRID_WIDTH,
    INDENT,
    LABEL_SHARE,
    T3_HEADER_CHARS,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    TITLE_LEADING,
    TITLE_SIZE,
)
from gaidesk.pdf.typesetter import Layout, Typesetter


class Builder:
    """The flowables of one report, set with one font set's typesetter."""

    def __init__(self, report: Report, fontset: FontSet, printed: Outline | None = None) -> None:
        self.report = report
        self.printed = printed or outline(report)  # the report as printed, in reading order
        self.fontset = fontset
        self.ts = Typesetter(fontset)
        # The printed text of each value cell, by address.
        self._values = {
            cell.address: cell.text
            for section in self.printed.sections
            if section.table
            for cell in section.table.cells
            if cell.is_value
        }
        # The line layouts of the report's texts: this export's, and the last export's for the
        # texts printed again (a layout is a function of the glyphs, size, settings and width).
        shared = self.ts.shared
        self._earlier_layouts = shared.report_layouts
        self._layouts: dict[tuple[object, ...], dict[float, Layout]] = {}
        shared.report_layouts = self._layouts

    def para(
        self,
        pieces: Sequence[tuple[str, str]],
        size: float = BODY_SIZE,
        *,
        fixed: bool = False,
        **kw: Any,
    ) -> Para:
        """A paragraph of the pieces, its line layouts shared by the paragraphs of the same
        pieces and settings and kept for the next export: those of the format's own texts
        (``fixed``: labels, headings) for the process, those of the report's texts (paragraphs,
        numbers) until an export no longer prints them (Shared.report_layouts)."""
        leading = kw.pop("leading", BODY_LEADING)
        key = (
            tuple(pieces),
            size,
            kw.get("first_indent", 0.0),
            kw.get("kinsoku", True),
            kw.get("shrink_to_fit", False),
            kw.get("no_orphan", False),
            kw.get("pairs", False),
            kw.get("tracking", 0.0),
            kw.get("min_size", 0.0),
        )
        if fixed:
            layouts = self.ts.shared.layouts.setdefault(key, {})
        elif key in self._layouts:
            layouts = self._layouts[key]
        else:
            layouts = self._layouts[key] = self._earlier_layouts.get(key, {})
        return Para(self.ts.glyphs(pieces), size, leading, layouts=layouts, **kw)

    def body(self, text: str, **kw: Any) -> Para:
        """A body paragraph: a first-line indent of two characters, on the character pitch."""
        return self.para([(text, BODY)], first_indent=INDENT, tracking=BODY_TRACKING, **kw)

    def heading(self, text: str, role: str) -> Para:
        """A heading on its own line(s), on the body's character pitch."""
        return self.para([(text, role)], first_indent=INDENT, tracking=BODY_TRACKING, fixed=True)

    def story(self) -> list[Flowable]:
        """The report as flowables: the title, the lead, the sections with their headings, tables
        and paragraphs, the 落款."""
        # The text as a list of flowables, each heading marked: a heading goes with the first
        # two lines of what follows it (WithHeadings), not with the whole paragraph.
        printed = self.printed
        flow: list[tuple[Flowable, bool]] = []
        for text in printed.preface:
            flow.append((self.body(text), False))
        for section in printed.sections:
            heading = self.heading(section.heading, HEADING)
            if section.table:
                traits = section.table.traits
                table = self.table(section.table.spec.key, heading)
                if traits.one_page or not traits.unbreakable_rows:
                    flow.append((KeepTogether([heading, table]), False))
                else:
                    # Split only between the row ranges the table keeps together (table 2's
                    # blocks), the heading with the first of them.
                    flow += [(heading, True), (table, False)]
                flow.append((Spacer(1, BODY_LEADING / 2), False))
                continue
            flow.append((heading, True))
            for part in section.parts:
                if part.heading:
                    flow.append((self.heading(part.heading, SUBHEADING), True))
                flow += [(self.body(p), False) for p in part.paragraphs]
        name, date = printed.signature.name, printed.signature.date
        lines = [self.ts.glyphs([(text, BODY)]) for text in (name, date) if text]
        signature = Signature(lines, BODY_SIZE, BODY_LEADING)
        last, is_heading = flow[-1]
        if isinstance(last, Para) and not is_heading:
            flow[-1] = (Ending(last, signature), False)  # the 落款 never stands alone on a page
        else:
            flow.append((signature, False))
        story: list[Flowable] = [*self.title(), Spacer(1, BODY_LEADING)]
        headings: list[Flowable] = []
        for flowable, is_heading in flow:
            if is_heading:
                headings.append(flowable)
            elif headings:
                story.append(WithHeadings(headings, flowable))
                headings = []
            else:
                story.append(flowable)
        story += headings
        return story

    def title(self) -> list[Flowable]:
        """The title centred, on two lines (the body's name / year and title) if too long."""
        title = fontmod.printable(self.report.meta.effective_title).strip()
        glyphs = self.ts.glyphs([(title, TITLE)])
        lines = [title]
        if sum(g.width for g in glyphs) * TITLE_SIZE > TEXT_WIDTH:
            name = self.report.meta.display_name.strip()
            # Two lines as the format prints them: the body's name / year and title.
            candidates = sorted({self.report.meta.agency.strip(), name}, key=len, reverse=True)
            for candidate in candidates:
                if candidate and title.startswith(candidate) and len(candidate) < len(title):
                    lines = [candidate, title[len(candidate) :]]
                    break
        return [
            self.para([(line, TITLE)], TITLE_SIZE, leading=TITLE_LEADING, align="center")
            for line in lines
        ]

    # Tables ----------------------------------------------------------------------------------

    def table(self, key: str, heading: Para) -> CachedTable:
        """A table of the format at the size its traits give; a one-page table at the largest
        size at which it fits on a page below its heading."""
        sizes = fmt.TABLES[key].traits.print_sizes
        if fmt.TABLES[key].traits.one_page:
            # A one-page table (3): the largest size at which heading and table fit.
            table = None
            for size in sizes:
                height, table = self._one_page_height(key, size)
                if height + heading.leading * 1 <= TEXT_HEIGHT - 1:
                    break
            return table or self._table(key, size)
        return self._table(key, sizes[0])

    def _one_page_height(self, key: str, size: float) -> tuple[float, CachedTable | None]:
        """A one-page table's height at a size, and the table if it had to be built to measure it.

        Its labels are the format's own, so its height depends on the report only through the
        width of its data columns (_data_digits) and the number of lines of each number; numbers
        are shrunk and condensed to fit their cells and so take one line unless one is too long
        even at half size. While every number takes one line the height at a size is the same
        for every report with numbers as long, and is measured once per font set."""
        spec = fmt.TABLES[key]
        numbers = (key, size, tuple(self._value(c) for c in spec.grid if c.is_value))
        one_line = self.ts.shared.one_line_numbers.get(numbers)
        if one_line is None:
            one_line = self.ts.shared.one_line_numbers[numbers] = self._one_line(key, size)
        digits = self._data_digits(key)
        known = self.ts.shared.one_page_heights.get((key, size, digits)) if one_line else None
        if known is not None:
            return known, None
        table = self._table(key, size)
        _, height = table.wrap(TEXT_WIDTH, TEXT_HEIGHT)
        if one_line:
            self.ts.shared.one_page_heights[key, size, digits] = height
        return height, table

    def _one_line(self, key: str, size: float) -> bool:
        """Whether every number of a table takes one line in its cell at a size."""
        spec = fmt.TABLES[key]
        widths = self._col_widths(key, size)
        for cell in spec.grid:
            if not cell.is_value:
                continue
            if cell.colspan != 1:
                return False
            width = widths[cell.col] - 2 * self._side_padding(key)
            number = self._number(key, cell, size)
            scale, condense = number.fit(width)
            natural = sum(g.width for g in number.glyphs) * size
            if natural * scale * condense > width + 0.01 - 1e-5:
                return False
        return True

    def _number(self, key: str, cell: fmt.GridCell, size: float) -> Para:
        """A value cell's text, centred, made to fit its cell on one line (Para.fit)."""
        return self.para(
            [(self._value(cell), TABLE)],
            size,
            leading=round(size * 1.25, 2),
            align="center",
            shrink_to_fit=True,
            min_size=fmt.TABLES[key].traits.print_number_min_size,
        )

    def _value(self, cell: fmt.GridCell) -> str:
        return self._values[cell.address]

    def _col_widths(self, key: str, size: float) -> list[float]:
        spec = fmt.TABLES[key]
        if spec.traits.long_label_col is not None:
            # A vertical label, a category column, the long labels, then the data columns.
            padding = self._side_padding(key)
            vertical = size + 2 * padding + 2
            category = 5.0 * size + 2 * padding
            data = self._data_width(key, size)
            n = spec.cols - spec.label_cols
            return [vertical, category, TEXT_WIDTH - vertical - category - n * data] + [data] * n
        if spec.label_cols:
            label = LABEL_SHARE * TEXT_WIDTH
            n = spec.cols - spec.label_cols
            return [label] + [(TEXT_WIDTH - label) / n] * n
        return [TEXT_WIDTH / spec.cols] * spec.cols

    def _data_digits(self, key: str) -> int:
        """How many digits the data columns of a table with long labels make room for: those of
        its longest number, up to its traits' ``print_number_digits`` (longer ones are set
        condensed or shrunk), so that the labels keep the rest."""
        spec = fmt.TABLES[key]
        longest = max((len(self._value(c)) for c in spec.grid if c.is_value), default=0)
        return min(spec.traits.print_number_digits, longest)

    def _data_width(self, key: str, size: float) -> float:
        """Table 3's data columns: room for its short headers (自然人) and for the report's
        numbers (_data_digits) on one line, neither wrapped nor shrunk; the row labels' column
        gives up the rest (its long labels wrap inside their cells)."""
        widest = max(
            sum(g.width for g in self.ts.glyphs([(text, TABLE)]))
            for text in (
                *(c.label for c in fmt.T3_COLUMNS if len(c.label) <= T3_HEADER_CHARS),
                "0" * self._data_digits(key),
            )
        )
        return widest * size + 2 * self._side_padding(key) + 0.5

    @staticmethod
    def _side_padding(key: str) -> float:
        padding = fmt.TABLES[key].traits.print_side_padding
        return CELL_PADDING if padding is None else padding

    def _table(self, key: str, size: float) -> CachedTable:
        spec = fmt.TABLES[key]
        traits = spec.traits
        leading = round(size * 1.25, 2)
        data: list[list[Any]] = [["" for _ in range(spec.cols)] for _ in range(spec.rows)]
        style: list[tuple[Any, ...]] = [
            # Table sets this font for its cells (Helvetica otherwise, which is not embedded).
            ("FONT", (0, 0), (-1, -1), font_name(self.fontset.roles[TABLE].face), size),
            ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), self._side_padding(key)),
            ("RIGHTPADDING", (0, 0), (-1, -1), self._side_padding(key)),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        for cell in spec.grid:
            if cell.is_value:
                flow = self._number(key, cell, size)
            else:
                vertical = cell.rowspan > 3 and cell.col == traits.vertical_label_col
                align = "center" if cell.header or traits.centred_labels or vertical else "left"
                if cell.col == traits.category_col and cell.rowspan > 1:
                    align = "center"
                flow = self.para(
                    [(cell.text, TABLE)],
                    size,
                    leading=leading,
                    align=align,
                    kinsoku=not vertical,
                    no_orphan=not vertical,
                    pairs=cell.header,
                    fixed=True,
                )
            data[cell.row][cell.col] = flow
            if cell.rowspan > 1 or cell.colspan > 1:
                style.append(
                    (
                        "SPAN",
                        (cell.col, cell.row),
                        (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1),
                    )
                )
        for first, last in traits.unbreakable_rows:
            style.append(("NOSPLIT", (0, first), (-1, last)))
        if traits.print_padding is not None:
            style += [
                ("TOPPADDING", (0, 0), (-1, -1), traits.print_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), traits.print_padding),
            ]
        if traits.roomy_last_row:
            # The one data row gets room, as on the printed form.
            style += [("TOPPADDING", (0, -1), (-1, -1), 8), ("BOTTOMPADDING", (0, -1), (-1, -1), 8)]
        return CachedTable(
            data,
            colWidths=self._col_widths(key, size),
            style=TableStyle(style),
            hAlign="CENTER",
        )
