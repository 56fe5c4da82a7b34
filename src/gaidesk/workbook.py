"""Excel workbooks out: the three tables in the official layout.

Export writes a first sheet with the report's facts and the check verdict, then one sheet per
table generated from the grids of :mod:`gaidesk.format` (every label, every merge, borders, A4
print set-up). Numbers are stored as numbers and totals as values, so any reader sees them; the
fee keeps its exact decimals.

Import (any workbook, by the tables' labels) lives in :mod:`gaidesk.importer`.

openpyxl is imported only inside the functions that need it: starting the program stays fast.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import gaidesk
from gaidesk import format as fmt
from gaidesk.errors import ExportError
from gaidesk.model import (
    CellValue,
    Report,
    format_value,
    is_valid,
)
from gaidesk.sheetlayout import (
    CELL_PADDING,
    LINE_PT,
    ROW_PADDING,
    ROW_PT,
    body_and_year,
    lines_needed,
    print_setup,
    text_width,
    wrapped_label,
)

__all__ = ["export_xlsx"]


class FindingLike(Protocol):
    """What the exporter needs of a :class:`gaidesk.rules.Finding`."""

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def cells(self) -> tuple[str, ...]: ...
    @property
    def message(self) -> str: ...


# --------------------------------------------------------------------------------------------
# Words of the workbook itself (not official labels: those come from gaidesk.format)

INFO_SHEET = "报告信息"
_PROGRAM_LABEL = "导出程序"
_VERDICT_LABEL = "检查结果"
_VERDICT_FINAL = "可以定稿"
_FINDINGS_HEADING = "检查发现的问题"
FEE_NAME = "gaidesk_fee_exact"  # hidden defined name holding the fee's exact digits
FEE_ADDRESS = fmt.FEE_ADDRESS


def draft_verdict(errors: int) -> str:
    return f"草稿：{fmt.counts_text(errors, 0)}" if errors else _VERDICT_FINAL


# --------------------------------------------------------------------------------------------
# Layout of the table sheets

FIRST_GRID_ROW = 3  # sheet row of grid row 0; row 1 names the body and year, row 2 the section
_FONT_NAME = "宋体"
_FONT_SIZE = 11
_ERROR_FILL = "FFFF9C9C"
_WARNING_FILL = "FFFFEB9C"
_VERTICAL = 255  # the text rotation of vertical (stacked) text in the OOXML format


def sheet_title(table: str) -> str:
    """The sheet of a table is named after its section heading (at most 31 characters)."""
    return fmt.table_section(table).heading[:31]


def grid_coordinate(cell: fmt.GridCell) -> tuple[int, int]:
    """Sheet row and column (1-based) of a grid cell's top-left corner."""
    return cell.row + FIRST_GRID_ROW, cell.col + 1


def value_coordinates() -> dict[str, tuple[str, int, int]]:
    """For every table address, its sheet title, row and column in the exported workbook."""
    result: dict[str, tuple[str, int, int]] = {}
    for key, table in fmt.TABLES.items():
        for cell in table.grid:
            if cell.is_value:
                result[cell.address] = (sheet_title(key), *grid_coordinate(cell))
    return result


def fee_cell_value(text: str) -> tuple[int | float | str, str]:
    """The fee as stored in a cell and its number format.

    A decimal string whose digits survive the trip through a double is stored as a number with a
    format that shows every one of its decimals; anything else stays text (``@``).
    """
    if not is_valid(FEE_ADDRESS, text):
        return text, "@"
    whole, _, decimals = text.partition(".")
    if not decimals:
        number = int(whole)
        return (number, "0") if number < 2**53 else (text, "@")
    as_float = float(text)
    if f"{as_float:.{len(decimals)}f}" != text:
        return text, "@"
    return as_float, "0." + "0" * len(decimals)


# --------------------------------------------------------------------------------------------
# Export


def export_xlsx(
    report: Report, path: str | os.PathLike[str], *, findings: Sequence[FindingLike]
) -> None:
    """Write the report's tables as an .xlsx workbook in the official layout (atomically).

    ``findings`` are the report's (``rules.check``; the caller has them already). A report with
    errors is marked as a draft on the first sheet, and the cells the findings name get a
    coloured fill and a comment.
    """
    save_atomically(_build_workbook(report, findings), Path(path))


def save_atomically(workbook: Any, target: Path) -> None:
    """Save an openpyxl workbook to ``target`` atomically; ExportError (Chinese) when it cannot."""
    from gaidesk.errors import StoreError
    from gaidesk.fsutil import temporaries_beside, write_atomic

    buffer = io.BytesIO()
    try:
        # openpyxl writes each sheet to a temporary file first: beside the target, not in the
        # system's temporary folder, where report data would stay if the export were killed.
        with temporaries_beside(target, "导出Excel"):
            workbook.save(buffer)
        write_atomic(target, buffer.getvalue(), action="导出Excel")
    except StoreError as exc:
        raise ExportError(f"{exc}如果这个文件正在 Excel 或 WPS 中打开，请先关闭它。") from exc


def _build_workbook(report: Report, findings: Sequence[FindingLike]) -> Any:
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    workbook = Workbook()
    errors = fmt.count(findings, fmt.Severity.ERROR)
    _info_sheet(workbook.active, report, findings, errors)
    # A finished report goes out clean: its reminders are listed on the first sheet, the tables
    # carry no fills; a draft marks the cells its findings name.
    marks = finding_marks(findings) if errors else {}
    for key in fmt.TABLES:
        table_sheet(workbook.create_sheet(sheet_title(key)), key, report, marks, errors)
    fee = report.cells.get(FEE_ADDRESS)
    if isinstance(fee, str) and is_valid(FEE_ADDRESS, fee):
        workbook.defined_names[FEE_NAME] = DefinedName(FEE_NAME, attr_text=f'"{fee}"', hidden=True)
    workbook.properties.creator = f"gaidesk {gaidesk.__version__}"
    workbook.properties.title = report.meta.effective_title
    return workbook


def finding_marks(findings: Sequence[FindingLike]) -> dict[str, list[FindingLike]]:
    marks: dict[str, list[FindingLike]] = {}
    for finding in findings:
        for address in finding.cells:
            if address in fmt.VALUE_CELLS:
                marks.setdefault(address, []).append(finding)
    return marks


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="FF000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "font": Font(name=_FONT_NAME, size=_FONT_SIZE),
        "bold": Font(name=_FONT_NAME, size=_FONT_SIZE, bold=True),
        "heading": Font(name="黑体", size=14, bold=True),
        "title": Font(name=_FONT_NAME, size=16, bold=True),
        "red": Font(name=_FONT_NAME, size=_FONT_SIZE, bold=True, color="FFC00000"),
        "centre": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "vertical": Alignment(
            horizontal="center", vertical="center", wrap_text=True, textRotation=_VERTICAL
        ),
    }


_INFO_WIDTHS = (10.0, 16.0, 22.0, 44.0)


def _info_sheet(sheet: Any, report: Report, findings: Sequence[FindingLike], errors: int) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    sheet.title = INFO_SHEET
    meta = report.meta
    sheet.merge_cells("A1:D1")
    sheet["A1"] = meta.effective_title
    sheet["A1"].font = st["title"]
    sheet["A1"].alignment = st["centre"]
    height = 30.0
    sheet.row_dimensions[1].height = height
    rows: list[tuple[str, object]] = [
        (fmt.AGENCY.label, meta.agency),
        (fmt.SHORT_NAME.label, meta.short_name),
        (fmt.YEAR.label, meta.year if meta.year is not None else ""),
        (fmt.TITLE.label, meta.effective_title),
        (fmt.PUBLISH_DATE.label, meta.publish_date),
        (_PROGRAM_LABEL, f"gaidesk {gaidesk.__version__}"),
        (_VERDICT_LABEL, draft_verdict(errors)),
    ]
    value_width = sum(_INFO_WIDTHS[1:])
    for i, (label, value) in enumerate(rows, start=3):
        sheet.cell(i, 1, label).font = st["bold"]
        sheet.cell(i, 1).alignment = st["left"]
        sheet.merge_cells(start_row=i, start_column=2, end_row=i, end_column=4)
        target = sheet.cell(i, 2, value)
        target.font = st["red"] if label == _VERDICT_LABEL and errors else st["font"]
        target.alignment = st["left"]
        for col in range(1, 5):
            sheet.cell(i, col).border = st["border"]
        line_count = lines_needed(str(value), value_width)
        sheet.row_dimensions[i].height = LINE_PT * line_count + ROW_PADDING
        height += LINE_PT * line_count + ROW_PADDING
    row = 3 + len(rows) + 1
    if findings:
        from gaidesk.rules import RULE_NAMES

        sheet.cell(row, 1, _FINDINGS_HEADING).font = st["bold"]
        row += 1
        for col, head in enumerate(("类别", "规则", "位置", "说明"), start=1):
            sheet.cell(row, col, head).font = st["bold"]
            sheet.cell(row, col).border = st["border"]
            sheet.cell(row, col).alignment = st["centre"]
        sheet.print_title_rows = f"{row}:{row}"
        for finding in sorted(findings, key=lambda f: f.severity != fmt.Severity.ERROR):
            row += 1
            where = "、".join(fmt.cell_name(a) for a in finding.cells)
            values = (
                fmt.Severity(finding.severity).word,
                RULE_NAMES.get(finding.rule, "其他"),
                where,
                finding.message,
            )
            line_count = 1
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row, col, value)
                error = finding.severity == fmt.Severity.ERROR
                cell.font = st["red"] if col == 1 and error else st["font"]
                cell.alignment = st["left"]
                cell.border = st["border"]
                line_count = max(line_count, lines_needed(value, _INFO_WIDTHS[col - 1]))
            sheet.row_dimensions[row].height = LINE_PT * line_count + ROW_PADDING
            height += LINE_PT * line_count + ROW_PADDING
    for col, width in enumerate(_INFO_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    print_setup(sheet, report, one_page=False, width_units=sum(_INFO_WIDTHS), height_pt=height)


def _column_widths(table: fmt.Table, report: Report) -> list[float]:
    """The table's column widths: its traits' at least, wide enough for its longest number."""
    widths = list(table.traits.sheet_widths)
    for gc in table.grid:
        if not gc.is_value:
            continue
        need = text_width(format_value(report.cells.get(gc.address))) + CELL_PADDING
        columns = range(gc.col, gc.col + gc.colspan)
        short = need - sum(widths[c] for c in columns)
        if short > 0:
            for c in columns:
                widths[c] += short / gc.colspan
    return widths


def table_sheet(
    sheet: Any,
    key: str,
    report: Report,
    marks: dict[str, list[FindingLike]],
    errors: int,
) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    table = fmt.TABLES[key]
    traits = table.traits
    widths = _column_widths(table, report)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = round(width, 2)

    section = fmt.table_section(key)
    for row, text, font in (
        (1, body_and_year(report), st["font"]),
        (2, section.heading, st["heading"]),
    ):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=table.cols)
        sheet.cell(row, 1, text).font = font
        sheet.cell(row, 1).alignment = st["left"]
        sheet.row_dimensions[row].height = ROW_PT[row]

    # Every cell of the grid, merged areas included, gets the border and alignment first.
    for r in range(table.rows):
        for c in range(table.cols):
            cell = sheet.cell(r + FIRST_GRID_ROW, c + 1)
            cell.border = st["border"]
            cell.alignment = st["centre"]
            cell.font = st["font"]

    heights = [LINE_PT + ROW_PADDING] * table.rows
    for gc in table.grid:
        row, col = grid_coordinate(gc)
        if gc.rowspan > 1 or gc.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + gc.rowspan - 1,
                end_column=col + gc.colspan - 1,
            )
        target = sheet.cell(row, col)
        if gc.is_value:
            _write_value(target, gc.address, report.cells.get(gc.address))
            _mark(target, marks.get(gc.address))
            continue
        target.font = st["bold"] if gc.header else st["font"]
        if gc.col == traits.vertical_label_col and gc.rowspan > 1 and not gc.header:
            target.value = gc.text
            target.alignment = st["vertical"]
            need = LINE_PT * len(gc.text) + ROW_PADDING
        else:
            width = sum(widths[gc.col : gc.col + gc.colspan])
            target.value = wrapped_label(gc.text, width)
            if not gc.header and gc.col == traits.long_label_col:
                target.alignment = st["left"]
            need = LINE_PT * (target.value.count("\n") + 1) + ROW_PADDING
        for r in range(gc.row, gc.row + gc.rowspan):
            heights[r] = max(heights[r], need / gc.rowspan)
    # Merging gives the covered cells fresh styles: border every cell of the grid again, so the
    # merged areas keep their frame in every spreadsheet program.
    for r in range(table.rows):
        for c in range(table.cols):
            sheet.cell(r + FIRST_GRID_ROW, c + 1).border = st["border"]
    for r, height in enumerate(heights):
        sheet.row_dimensions[r + FIRST_GRID_ROW].height = round(height, 1)

    last_row = FIRST_GRID_ROW + table.rows - 1
    total_height = sum(ROW_PT.values()) + sum(heights)
    if errors:
        last_row += 2
        note = sheet.cell(last_row, 1, f"{draft_verdict(errors)}，标红的单元格有误。")
        note.font = st["red"]
        total_height += 2 * (LINE_PT + ROW_PADDING)
    sheet.print_area = f"A1:{get_column_letter(table.cols)}{last_row}"
    print_setup(
        sheet,
        report,
        one_page=traits.one_page,
        width_units=sum(widths),
        height_pt=total_height,
    )


def _mark(target: Any, found: list[FindingLike] | None) -> None:
    """Fill a cell a draft's findings name, red for an error, yellow for a reminder, and put
    their messages in its comment."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    if not found:
        return
    error = any(f.severity == fmt.Severity.ERROR for f in found)
    target.fill = PatternFill("solid", fgColor=_ERROR_FILL if error else _WARNING_FILL)
    text = "\n".join(dict.fromkeys(f.message for f in found))
    comment = Comment(text, "gaidesk")
    comment.width = 320
    comment.height = 40 + 20 * math.ceil(len(text) / 18)
    target.comment = comment


def _write_value(target: Any, address: str, value: CellValue) -> None:
    kind = fmt.VALUE_CELLS[address].kind
    if kind is fmt.CellKind.COUNT and is_valid(address, value):
        target.value = value
        target.number_format = "0"
    elif kind is fmt.CellKind.DECIMAL and isinstance(value, str) and is_valid(address, value):
        target.value, target.number_format = fee_cell_value(value)
    else:
        # A value that is not valid (a file made elsewhere): shown as it is, as text; the
        # VALUE-INVALID finding marks it.
        target.value = format_value(value)
        target.number_format = "@"


def iter_table_sheets() -> Iterator[tuple[str, str]]:
    """(table key, sheet title) of the exported workbook, in order."""
    for key in fmt.TABLES:
        yield key, sheet_title(key)
