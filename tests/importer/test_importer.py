"""The importer's shared rules, for every source (issue 12 item 5, issue 13 item 1): one entry
for every form, rows found by their label in any order, dashes for none, one note per table."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gaidesk import draft, importer, rules, workbook
from gaidesk import format as fmt
from gaidesk.errors import ImportFailed
from gaidesk.importer.convert import CellState, Unreadable, convert, is_dash
from gaidesk.model import Report
from tests.support.pages import page_html


def _load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def _workbook(report: Report, path: Path) -> Path:
    workbook.export_xlsx(report, path, findings=rules.check(report))
    return path


# --------------------------------------------------------------------------------------------
# One entry


def test_import_file_reads_a_workbook_and_a_page_alike(huaian_path: Path, tmp_path: Path) -> None:
    report = _load(huaian_path)
    book = importer.import_file(_workbook(report, tmp_path / "表.xlsx"))
    page = tmp_path / "报告.html"
    page.write_text(page_html(report), encoding="utf-8")
    web = importer.import_file(page)
    assert book.report.cells == report.cells
    assert web.report.cells == report.cells
    assert any("网页" in n for n in web.notes) and any("工作表" in n for n in book.notes)
    text = [p.address for p in fmt.TEXT_PARTS]
    assert book.unread == text  # a workbook holds no narrative; every cell was there
    assert web.unread == [a for a in text if not report.text[a.split(".", 1)[1]]]


def test_a_page_saved_under_another_suffix_is_read_as_a_page(
    dazhai_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "报告.shtml"
    page.write_text(page_html(_load(dazhai_path)), encoding="utf-8")
    assert importer.import_file(page).report.cells == _load(dazhai_path).cells


def test_an_old_xls_still_gets_the_workbook_message(tmp_path: Path) -> None:
    old = tmp_path / "旧表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(ImportFailed, match="旧版 Excel"):
        importer.import_file(old)


# --------------------------------------------------------------------------------------------
# Dashes for none (issue 12 item 5)


@pytest.mark.parametrize("text", ["-", "—", "——", "/", "／", "－", "--", "―", "─", "\\", "- -"])
def test_a_cell_of_only_dashes_is_none_in_tables_3_and_4(text: str) -> None:
    for address in ("t3.new.natural", "t4.review.upheld"):
        assert convert(address, text, "General") == (CellState.NOT_APPLICABLE, 0)


def test_a_lone_minus_is_a_dash_but_a_minus_before_digits_is_refused() -> None:
    assert is_dash("-") and not is_dash("-5")
    assert convert("t3.new.natural", "-", "General") == (CellState.NOT_APPLICABLE, 0)
    with pytest.raises(Unreadable, match="负数"):
        convert("t3.new.natural", "-5", "General")
    assert convert("t2.fees.amount", "—", "General") == (CellState.NOT_APPLICABLE, "0")


def test_seventy_dashes_give_one_note_per_table(dazhai_path: Path, tmp_path: Path) -> None:
    report = _load(dazhai_path)
    path = _workbook(report, tmp_path / "dashes.xlsx")
    book = openpyxl.load_workbook(path)
    marked: list[str] = []
    for address, (sheet, row, col) in workbook.value_coordinates().items():
        table = fmt.table_of(address)
        if table in (fmt.T3, fmt.T4) and not fmt.VALUE_CELLS[address].is_total:
            book[sheet].cell(row, col).value = "—" if table == fmt.T3 else "/"
            marked.append(address)
    book.save(path)
    result = importer.import_file(path)
    for address in marked:
        assert result.report.cells[address] == 0
    dash_notes = [n for n in result.notes if "“/”“—”" in n]
    t3 = sum(fmt.table_of(a) == fmt.T3 for a in marked)
    t4 = sum(fmt.table_of(a) == fmt.T4 for a in marked)
    assert t3 + t4 >= 70
    assert dash_notes == [
        f"表三有 {t3} 个单元格填的是“/”“—”“不适用”等（表示没有），按 0 计。",
        f"表四有 {t4} 个单元格填的是“/”“—”“不适用”等（表示没有），按 0 计。",
    ]


def test_a_few_dashes_are_named(dazhai_path: Path, tmp_path: Path) -> None:
    report = _load(dazhai_path)
    path = _workbook(report, tmp_path / "few.xlsx")
    book = openpyxl.load_workbook(path)
    for address in ("t3.new.natural", "t3.granted.research"):
        sheet, row, col = workbook.value_coordinates()[address]
        book[sheet].cell(row, col).value = "-"
    book.save(path)
    notes = importer.import_file(path).notes
    assert (
        "表三有 2 个单元格填的是“/”“—”“不适用”等（表示没有），按 0 计："
        f"{fmt.cell_name('t3.new.natural')}、{fmt.cell_name('t3.granted.research')}。"
    ) in notes


# --------------------------------------------------------------------------------------------
# Rows out of order (issue 12 item 5)


def _reverse_t3_rows(path: Path) -> None:
    """Write table 3's data rows (label and numbers) in reverse order, categories unmerged."""
    book = openpyxl.load_workbook(path)
    sheet = book[workbook.sheet_title(fmt.T3)]
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row >= workbook.FIRST_GRID_ROW + fmt.TABLES[fmt.T3].header_rows:
            sheet.unmerge_cells(str(merged))
    first = workbook.FIRST_GRID_ROW + fmt.TABLES[fmt.T3].header_rows
    last = workbook.FIRST_GRID_ROW + fmt.TABLES[fmt.T3].rows - 1
    rows = [
        [sheet.cell(r, c).value for c in range(1, fmt.TABLES[fmt.T3].cols + 1)]
        for r in range(first, last + 1)
    ]
    for offset, values in enumerate(reversed(rows)):
        for c, value in enumerate(values, start=1):
            sheet.cell(first + offset, c).value = value
    book.save(path)


def test_rows_of_table_3_out_of_order_are_found_by_their_label(
    huaian_path: Path, tmp_path: Path
) -> None:
    report = _load(huaian_path)
    path = _workbook(report, tmp_path / "reversed.xlsx")
    _reverse_t3_rows(path)
    result = importer.import_file(path)
    assert result.report.cells == report.cells


def test_rows_out_of_order_on_a_page_are_found_too(huaian_path: Path, tmp_path: Path) -> None:
    report = _load(huaian_path)
    page = tmp_path / "乱序.html"
    page.write_text(page_html(report, reverse_t3=True), encoding="utf-8")
    assert importer.import_file(page).report.cells == report.cells


def test_a_missing_row_is_still_named(huaian_path: Path, tmp_path: Path) -> None:
    report = _load(huaian_path)
    page = tmp_path / "少一行.html"
    page.write_text(page_html(report, drop_label="2.重复申请"), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        importer.import_file(page)
    message = str(info.value)
    assert "没有从这个网页中导入任何内容" in message
    assert "找不到" in message and "（五）不予处理 2.重复申请" in message
