"""A report as a plain web page (the official tables as HTML with rowspan/colspan), for tests."""

from __future__ import annotations

from html import escape

from gaidesk import format as fmt
from gaidesk.model import Report, format_value


def table_html(report: Report, key: str, *, reverse_t3: bool = False, drop_label: str = "") -> str:
    """One table as the CMS editors write it; ``reverse_t3`` writes table 3's data rows in
    reverse order (category cells unmerged), ``drop_label`` leaves out the row so labelled."""
    table = fmt.TABLES[key]
    cells: list[list[tuple[int, str]]] = [[] for _ in range(table.rows)]
    reordered = reverse_t3 and key == fmt.T3
    for gc in sorted(table.grid, key=lambda c: (c.row, c.col)):
        text = format_value(report.cells[gc.address]) if gc.is_value else gc.text
        rowspan, colspan = gc.rowspan, gc.colspan
        if reordered and gc.row >= table.header_rows and rowspan > 1:
            # A merged category cannot span rows that no longer stand together: it stands in
            # its first row, empty cells keep its column in the others.
            for r in range(gc.row + 1, gc.row + rowspan):
                cells[r].append((gc.col, "<td></td>"))
            rowspan = 1
        attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
            f' colspan="{colspan}"' if colspan > 1 else ""
        )
        cells[gc.row].append((gc.col, f"<td{attrs}><p>{escape(text)}</p></td>"))
    rows = [[html for _col, html in sorted(row)] for row in cells]
    head, body = rows[: table.header_rows], rows[table.header_rows :]
    if reordered:
        body.reverse()
    kept = [r for r in head + body if not (drop_label and any(drop_label in c for c in r))]
    lines = "".join("<tr>" + "".join(r) + "</tr>\n" for r in kept)
    return f'<table border="1" cellspacing="0"><tbody>\n{lines}</tbody></table>\n'


def page_html(report: Report, **options: object) -> str:
    """A whole page: title, sections, sub-items and the tables."""
    parts = [f"<h1>{escape(fmt.default_title(report.meta.display_name, report.meta.year))}</h1>"]
    if report.text[fmt.PREFACE.key]:
        parts.append(f"<p>{escape(report.text[fmt.PREFACE.key])}</p>")
    for section in fmt.SECTIONS:
        parts.append(f"<p><strong>{escape(section.heading)}</strong></p>")
        if section.table:
            parts.append(table_html(report, section.table, **options))  # type: ignore[arg-type]
        for part in section.parts:
            if part.number:
                parts.append(f"<p>{escape(report.title_of(part.key))}</p>")
            parts += [f"<p>{escape(p)}</p>" for p in report.text[part.key].split("\n") if p]
    body = "\n".join(parts)
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>'
