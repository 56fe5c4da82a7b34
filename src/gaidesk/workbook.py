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
import unicodedata
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

FIRST_GRID_ROW = 2  # sheet row of grid row 0; row 1 holds the section heading
_FONT_NAME = "宋体"
_FONT_SIZE = 11
_LINE_PT = 15.0  # height of one line of 11 pt CJK text
_CJK_WIDTH = 2.1  # column-width units taken by one CJK character at 11 pt
_ERROR_FILL = "FFFF9C9C"
_WARNING_FILL = "FFFFEB9C"


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


def _text_width(text: str) -> float:
    """Display width of a text in column-width units."""
    return sum(_CJK_WIDTH if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _lines_needed(text: str, width: float) -> int:
    usable = max(width - 1.0, _CJK_WIDTH)
    return max(1, math.ceil(_text_width(text) / usable))


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
    from gaidesk.errors import StoreError
    from gaidesk.fsutil import temporaries_beside, write_atomic

    target = Path(path)
    workbook = _build_workbook(report, findings)
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
    marks = _marks(findings)
    for key in fmt.TABLES:
        _table_sheet(workbook.create_sheet(sheet_title(key)), key, report, marks, errors)
    fee = report.cells.get(FEE_ADDRESS)
    if isinstance(fee, str) and is_valid(FEE_ADDRESS, fee):
        workbook.defined_names[FEE_NAME] = DefinedName(FEE_NAME, attr_text=f'"{fee}"', hidden=True)
    workbook.properties.creator = f"gaidesk {gaidesk.__version__}"
    workbook.properties.title = report.meta.effective_title
    return workbook


def _marks(findings: Sequence[FindingLike]) -> dict[str, list[FindingLike]]:
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
    }


def _print_setup(sheet: Any, *, one_page: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.6
    margins.top = margins.bottom = 0.8


def _info_sheet(sheet: Any, report: Report, findings: Sequence[FindingLike], errors: int) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    sheet.title = INFO_SHEET
    meta = report.meta
    sheet.merge_cells("A1:D1")
    sheet["A1"] = meta.effective_title
    sheet["A1"].font = st["title"]
    sheet["A1"].alignment = st["centre"]
    sheet.row_dimensions[1].height = 30
    rows: list[tuple[str, object]] = [
        (fmt.AGENCY.label, meta.agency),
        (fmt.SHORT_NAME.label, meta.short_name),
        (fmt.YEAR.label, meta.year if meta.year is not None else ""),
        (fmt.TITLE.label, meta.effective_title),
        (fmt.PUBLISH_DATE.label, meta.publish_date),
        (_PROGRAM_LABEL, f"gaidesk {gaidesk.__version__}"),
        (_VERDICT_LABEL, draft_verdict(errors)),
    ]
    for i, (label, value) in enumerate(rows, start=3):
        sheet.cell(i, 1, label).font = st["bold"]
        sheet.merge_cells(start_row=i, start_column=2, end_row=i, end_column=4)
        target = sheet.cell(i, 2, value)
        target.font = st["red"] if label == _VERDICT_LABEL and errors else st["font"]
        target.alignment = st["left"]
        for col in range(1, 5):
            sheet.cell(i, col).border = st["border"]
    row = 3 + len(rows) + 1
    if findings:
        from gaidesk.rules import RULE_NAMES

        sheet.cell(row, 1, _FINDINGS_HEADING).font = st["bold"]
        row += 1
        for col, head in enumerate(("类别", "规则", "位置", "说明"), start=1):
            sheet.cell(row, col, head).font = st["bold"]
            sheet.cell(row, col).border = st["border"]
            sheet.cell(row, col).alignment = st["centre"]
        for finding in sorted(findings, key=lambda f: f.severity != fmt.Severity.ERROR):
            row += 1
            where = "、".join(fmt.cell_name(a) for a in finding.cells)
            values = (
                fmt.Severity(finding.severity).word,
                RULE_NAMES.get(finding.rule, "其他"),
                where,
                finding.message,
            )
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row, col, value)
                error = finding.severity == fmt.Severity.ERROR
                cell.font = st["red"] if col == 1 and error else st["font"]
                cell.alignment = st["left"]
                cell.border = st["border"]
            sheet.row_dimensions[row].height = (
                _LINE_PT * max(_lines_needed(where, 28), _lines_needed(finding.message, 60)) + 4
            )
    for col, width in enumerate((14.0, 16.0, 28.0, 60.0), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    _print_setup(sheet, one_page=False)


def _table_sheet(
    sheet: Any,
    key: str,
    report: Report,
    marks: dict[str, list[FindingLike]],
    errors: int,
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    st = _styles()
    table = fmt.TABLES[key]
    widths = table.traits.sheet_widths
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width

    section = fmt.table_section(key)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.cols)
    sheet.cell(1, 1, section.heading).font = st["heading"]
    sheet.cell(1, 1).alignment = st["left"]
    sheet.row_dimensions[1].height = 26

    # Every cell of the grid, merged areas included, gets the border and alignment first.
    for r in range(table.rows):
        for c in range(table.cols):
            cell = sheet.cell(r + FIRST_GRID_ROW, c + 1)
            cell.border = st["border"]
            cell.alignment = st["centre"]
            cell.font = st["font"]

    heights = [_LINE_PT + 6] * table.rows
    for gc in table.grid:
        row, col = grid_coordinate(gc)
        target = sheet.cell(row, col)
        if gc.is_value:
            _write_value(target, gc.address, report.cells.get(gc.address))
            found = marks.get(gc.address)
            if found:
                error = any(f.severity == fmt.Severity.ERROR for f in found)
                colour = _ERROR_FILL if error else _WARNING_FILL
                target.fill = PatternFill("solid", fgColor=colour)
                text = "\n".join(dict.fromkeys(f.message for f in found))
                comment = Comment(text, "gaidesk")
                comment.width = 320
                comment.height = 40 + 20 * math.ceil(len(text) / 18)
                target.comment = comment
        else:
            target.value = gc.text
            target.font = st["bold"] if gc.header else st["font"]
            if not gc.header and gc.col == table.traits.long_label_col:
                target.alignment = st["left"]
            width = sum(widths[gc.col : gc.col + gc.colspan])
            need = _LINE_PT * _lines_needed(gc.text, width) + 6
            per_row = need / gc.rowspan
            for r in range(gc.row, gc.row + gc.rowspan):
                heights[r] = max(heights[r], per_row)
        if gc.rowspan > 1 or gc.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + gc.rowspan - 1,
                end_column=col + gc.colspan - 1,
            )
    # Merging gives the covered cells fresh styles: border every cell of the grid again, so the
    # merged areas keep their frame in every spreadsheet program.
    for r in range(table.rows):
        for c in range(table.cols):
            sheet.cell(r + FIRST_GRID_ROW, c + 1).border = st["border"]
    for r, height in enumerate(heights):
        sheet.row_dimensions[r + FIRST_GRID_ROW].height = round(height, 1)

    last_row = FIRST_GRID_ROW + table.rows - 1
    if errors:
        last_row += 2
        note = sheet.cell(last_row, 1, f"{draft_verdict(errors)}，标红的单元格有误。")
        note.font = st["red"]
    sheet.print_area = f"A1:{get_column_letter(table.cols)}{last_row}"
    _print_setup(sheet, one_page=table.traits.one_page)


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
