"""The summary as a workbook: an overview of the units, the roll-up tables in the official layout
(written by the report exporter's own table-sheet writer) and every finding with its unit and
cell."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gaidesk import format as fmt
from gaidesk import workbook
from gaidesk.rules import RULE_NAMES
from gaidesk.summary import COUNTY_RULES, Summary

OVERVIEW_SHEET = "审核总览"
FINDINGS_SHEET = "问题清单"
OVERVIEW_HEADINGS = ("序号", "单位", "年度", "形式", "错误", "提醒", "主要问题", "文件")
FINDINGS_HEADINGS = ("类别", "单位", "规则", "位置", "说明", "文件")
ERROR_FILL = "FFFFC7CE"  # the spreadsheet programs' own 「light red」 and 「light yellow」
WARNING_FILL = "FFFFEB9C"
ROLLUP_FINDING_UNIT = "汇总表"


def export_summary_xlsx(summary: Summary, path: str | os.PathLike[str]) -> None:
    """Write the summary workbook atomically; ExportError (Chinese) when it cannot be written."""
    workbook.save_atomically(_build(summary), Path(path))


def _build(summary: Summary) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    _overview(book.active, summary)
    rollup = summary.rollup
    marks = workbook.finding_marks(rollup.findings)
    errors = fmt.count(rollup.findings, fmt.Severity.ERROR)
    for key in fmt.TABLES:
        sheet = book.create_sheet(workbook.sheet_title(key))
        workbook.table_sheet(sheet, key, rollup.report, marks, errors)
    _findings(book.create_sheet(FINDINGS_SHEET), summary)
    book.properties.title = f"审核汇总（{len(summary.units)} 份报告）"
    return book


def _header(sheet: Any, headings: tuple[str, ...], widths: tuple[float, ...]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (heading, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = sheet.cell(1, col, heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFD9D9D9")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"


def _finish(sheet: Any, columns: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(sheet.max_row, 2)}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def _overview(sheet: Any, summary: Summary) -> None:
    from openpyxl.styles import Alignment, PatternFill

    sheet.title = OVERVIEW_SHEET
    _header(sheet, OVERVIEW_HEADINGS, (6, 24, 8, 8, 7, 7, 70, 40))
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, unit in enumerate(summary.units, start=1):
        readable = unit.report is not None
        errors = unit.errors + (0 if readable else 1)
        values = (
            i,
            unit.body,
            unit.year,
            unit.form,
            errors,
            unit.warnings if readable else None,
            "\n".join(unit.problems),
            str(unit.path),
        )
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(i + 1, col, value)
            cell.alignment = wrap
        if errors:
            sheet.cell(i + 1, 5).fill = PatternFill("solid", fgColor=ERROR_FILL)
        if readable and unit.warnings:
            sheet.cell(i + 1, 6).fill = PatternFill("solid", fgColor=WARNING_FILL)
    _finish(sheet, len(OVERVIEW_HEADINGS))


def _findings(sheet: Any, summary: Summary) -> None:
    from openpyxl.styles import Alignment, PatternFill

    _header(sheet, FINDINGS_HEADINGS, (7, 24, 22, 36, 80, 40))
    rows: list[tuple[str, str, str, str, str, str]] = []
    for f in summary.findings:
        files = "\n".join(str(p) for p in f.paths)
        rows.append(
            (f.severity.word, "、".join(f.units), COUNTY_RULES[f.rule][1], "", f.message, files)
        )
    for unit in summary.units:
        for finding in unit.findings:
            where = "、".join(fmt.cell_name(a) for a in finding.cells)
            name = RULE_NAMES.get(finding.rule, finding.rule)
            rows.append(
                (finding.severity.word, unit.body, name, where, finding.message, str(unit.path))
            )
    for finding in summary.rollup.findings:
        where = "、".join(fmt.cell_name(a) for a in finding.cells)
        rows.append(
            (
                finding.severity.word,
                ROLLUP_FINDING_UNIT,
                RULE_NAMES.get(finding.rule, finding.rule),
                where,
                finding.message,
                "",
            )
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    error_word = fmt.Severity.ERROR.word
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            sheet.cell(r, col, value).alignment = wrap
        colour = ERROR_FILL if values[0] == error_word else WARNING_FILL
        sheet.cell(r, 1).fill = PatternFill("solid", fgColor=colour)
    _finish(sheet, len(FINDINGS_HEADINGS))
