"""Excel in and out: the official layout, label-driven import, hostile files (issue 5)."""

from __future__ import annotations

import csv
import struct
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from gaidesk import draft, rules, workbook
from gaidesk import format as fmt
from gaidesk.__main__ import main
from gaidesk.errors import ExportError, ImportFailed
from gaidesk.importer import xlsx as importer_xlsx
from gaidesk.importer.grid import normalise
from gaidesk.importer.xlsx import import_xlsx
from gaidesk.model import Report
from gaidesk.store import load_report
from tests.support.office import convert

FEE = "t2.fees.amount"


def _load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def _exported_sample(sample: Path, path: Path) -> Any:
    """The sample exported to ``path`` (no findings), read back with openpyxl."""
    workbook.export_xlsx(_load(sample), path, findings=[])
    return openpyxl.load_workbook(path)


def _with_fee(report: Report, fee: str) -> Report:
    report = report.copy()
    report.cells[FEE] = fee
    return report


def _assert_same_tables(got: Report, want: Report) -> None:
    for address in fmt.ADDRESSES:
        g, w = got.cells[address], want.cells[address]
        assert (type(g), g) == (type(w), w), address


# --------------------------------------------------------------------------------------------
# Round trip


@pytest.mark.parametrize(
    ("sample", "fee"),
    [
        ("dazhai", None),
        ("huaian", None),
        ("huaian", "190.457379"),
        ("dazhai", "7730.28"),
        ("dazhai", "96171.60"),
        ("huaian", "123456789012345.123456789012"),  # too many digits for a double: kept as text
    ],
)
def test_export_then_import_gives_back_every_cell(
    sample: str, fee: str | None, dazhai_path: Path, huaian_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path if sample == "dazhai" else huaian_path)
    if fee is not None:
        report = _with_fee(report, fee)
    out = tmp_path / "out.xlsx"
    workbook.export_xlsx(report, out, findings=rules.check(report))
    result = import_xlsx(out)
    _assert_same_tables(result.report, report)
    assert result.report.meta.agency == report.meta.agency
    assert result.report.meta.year == report.meta.year
    assert result.report.meta.effective_title == report.meta.effective_title
    assert any("取自工作表" in n for n in result.notes)
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_fee_is_stored_as_a_number_showing_all_its_digits(
    huaian_path: Path, tmp_path: Path
) -> None:
    report = _with_fee(_load(huaian_path), "190.457379")
    out = tmp_path / "fee.xlsx"
    workbook.export_xlsx(report, out, findings=[])
    sheet_name, row, col = workbook.value_coordinates()[FEE]
    wb = openpyxl.load_workbook(out)
    cell = wb[sheet_name].cell(row, col)
    assert cell.value == pytest.approx(190.457379) and isinstance(cell.value, float)
    assert cell.number_format == "0.000000"
    assert wb.defined_names[workbook.FEE_NAME].attr_text == '"190.457379"'
    counts = wb[workbook.sheet_title("t3")].cell(
        *workbook.value_coordinates()["t3.new.natural"][1:]
    )
    assert counts.value == 3001 and type(counts.value) is int
    total_cell = workbook.value_coordinates()["t3.new.total"]
    total = wb[total_cell[0]].cell(*total_cell[1:])
    assert total.value == 3119 and total.data_type == "n"  # a stored value, not a formula


def test_fee_without_the_hidden_name_still_comes_back_exactly(
    huaian_path: Path, tmp_path: Path
) -> None:
    """A county copies our sheet into its own workbook: the number format carries the digits."""
    out = tmp_path / "fee.xlsx"
    workbook.export_xlsx(_with_fee(_load(huaian_path), "7730.80"), out, findings=[])
    wb = openpyxl.load_workbook(out)
    del wb.defined_names[workbook.FEE_NAME]
    wb.save(out)
    assert import_xlsx(out).report.cells[FEE] == "7730.80"


@pytest.mark.parametrize(
    ("text", "stored", "number_format"),
    [
        ("0", 0, "0"),
        ("96171.6", 96171.6, "0.0"),
        ("190.457379", 190.457379, "0.000000"),
        ("007.5", "007.5", "@"),
        ("123456789012345.123456789012", "123456789012345.123456789012", "@"),
    ],
)
def test_fee_cell_value(text: str, stored: object, number_format: str) -> None:
    assert workbook.fee_cell_value(text) == (stored, number_format)


# --------------------------------------------------------------------------------------------
# The exported layout


def _grid_at(key: str) -> dict[tuple[int, int], fmt.GridCell]:
    return {workbook.grid_coordinate(c): c for c in fmt.TABLES[key].grid}


def test_every_label_and_merge_of_the_format_is_in_the_workbook(
    dazhai_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "layout.xlsx"
    wb = _exported_sample(dazhai_path, out)
    assert wb.sheetnames[0] == workbook.INFO_SHEET
    for key, table in fmt.TABLES.items():
        ws = wb[workbook.sheet_title(key)]
        merged = {str(r) for r in ws.merged_cells.ranges}
        for (row, col), gc in _grid_at(key).items():
            if not gc.is_value:
                # A long label is broken into lines: the same words, line by line.
                assert ws.cell(row, col).value.replace("\n", "") == gc.text
            if gc.rowspan > 1 or gc.colspan > 1:
                ref = (
                    f"{get_column_letter(col)}{row}:"
                    f"{get_column_letter(col + gc.colspan - 1)}{row + gc.rowspan - 1}"
                )
                assert ref in merged
        # Read the borders as stored (openpyxl's normal loader re-styles merged areas).
        stored_book = openpyxl.load_workbook(out, read_only=True)
        stored = stored_book[workbook.sheet_title(key)]
        grid_rows = stored.iter_rows(
            min_row=workbook.FIRST_GRID_ROW,
            max_row=workbook.FIRST_GRID_ROW + table.rows - 1,
            max_col=table.cols,
        )
        for r, cells in enumerate(grid_rows):
            for c, cell in enumerate(cells):
                border = cell.border
                sides = (border.left, border.right, border.top, border.bottom)
                assert all(side.style == "thin" for side in sides), (key, r, c)
        stored_book.close()
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == (1 if key == "t3" else 0)


@pytest.mark.slow
def test_libreoffice_reads_every_label_and_number_where_the_format_puts_them(
    huaian_path: Path, tmp_path: Path
) -> None:
    report = _with_fee(_load(huaian_path), "190.457379")
    out = tmp_path / "report.xlsx"
    workbook.export_xlsx(report, out, findings=rules.check(report))
    profile = tmp_path / "lo-profile"
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
    convert(out, csv_filter, tmp_path / "csv", profile)
    for key, table in fmt.TABLES.items():
        path = tmp_path / "csv" / f"report-{workbook.sheet_title(key)}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][0] == workbook.body_and_year(report)
        assert rows[1][0] == next(s.heading for s in fmt.SECTIONS if s.table == key)
        for gc in table.grid:
            row, col = workbook.grid_coordinate(gc)
            shown = rows[row - 1][col - 1]
            if gc.is_value:
                assert shown == str(report.cells[gc.address]), gc.address
            else:
                assert shown.replace("\n", "") == gc.text
            # A merged area shows its content once, at the top-left corner.
            for r in range(row, row + gc.rowspan):
                for c in range(col, col + gc.colspan):
                    if (r, c) != (row, col):
                        assert rows[r - 1][c - 1] == ""
    info = (tmp_path / "csv" / f"report-{workbook.INFO_SHEET}.csv").read_text(encoding="utf-8")
    assert "淮安市人民政府" in info and "2024" in info
    # Saved again by another spreadsheet program, the workbook still imports exactly.
    convert(out, "xlsx", tmp_path / "resaved", profile)
    _assert_same_tables(import_xlsx(tmp_path / "resaved" / "report.xlsx").report, report)


def test_a_report_with_errors_is_a_draft_and_its_cells_are_marked(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path)
    report.cells["t3.new.natural"] = report.count("t3.new.natural") + 1  # type: ignore[operator]
    findings = rules.check(report)
    errors = [f for f in findings if f.severity == rules.ERROR]
    assert errors
    out = tmp_path / "draft.xlsx"
    workbook.export_xlsx(report, out, findings=findings)
    wb = openpyxl.load_workbook(out)
    info = wb[workbook.INFO_SHEET]
    texts = [str(c.value) for row in info.iter_rows() for c in row if c.value is not None]
    assert f"草稿：{len(errors)} 处错误" in texts
    assert all(f.message in texts for f in findings)
    sheet, row, col = workbook.value_coordinates()["t3.new.natural"]
    cell = wb[sheet].cell(row, col)
    assert cell.fill.fgColor.rgb == "FFFF9C9C"
    assert cell.comment is not None
    assert any(f.message in cell.comment.text for f in errors if "t3.new.natural" in f.cells)
    untouched = wb[sheet].cell(*workbook.value_coordinates()["t3.granted.research"][1:])
    assert untouched.comment is None and untouched.fill.fill_type is None


def test_a_clean_report_says_it_can_be_finalised(dazhai_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "final.xlsx"
    info = _exported_sample(dazhai_path, out)[workbook.INFO_SHEET]
    texts = [c.value for row in info.iter_rows() for c in row]
    assert "可以定稿" in texts
    assert not any(isinstance(t, str) and t.startswith("草稿") for t in texts)


def test_export_replaces_an_existing_file_and_reports_an_unwritable_place(
    dazhai_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    workbook.export_xlsx(_load(dazhai_path), out, findings=[])
    assert zipfile.is_zipfile(out)
    with pytest.raises(ExportError, match="导出Excel失败：找不到文件夹"):
        workbook.export_xlsx(
            _load(dazhai_path), tmp_path / "no-such-folder" / "x.xlsx", findings=[]
        )


# --------------------------------------------------------------------------------------------
# Import of other people's workbooks


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in text)


def _vary(label: str) -> str:
    """How a county template might write an official label."""
    text = label.replace("（", "(").replace("）", ") ").replace("“", '"').replace("”", '"')
    if text[:2] in {f"{i}." for i in range(1, 10)}:
        text = text[0] + "、" + text[2:]
    if text.startswith("(二) 部分公开"):
        text = "(二) 部分公开"  # without the official note
    return "  " + text + "\n"


def _written(value: object, i: int) -> object:
    """Numbers as numbers, as text, with thousands separators, in full-width digits."""
    assert isinstance(value, int)
    return [value, str(value), f"{value:,}", _fullwidth(str(value)), float(value)][i % 5]


def _write_grid(
    ws: Any,
    key: str,
    report: Report,
    top: int,
    left: int,
    *,
    skip_merge: str = "",
    changed: dict[str, str] | None = None,
) -> None:
    for i, gc in enumerate(fmt.TABLES[key].grid):
        row, col = top + gc.row, left + gc.col
        if gc.is_value:
            ws.cell(row, col, _written(report.cells[gc.address], i))
        else:
            ws.cell(row, col, (changed or {}).get(gc.text, _vary(gc.text)))
        if (gc.rowspan > 1 or gc.colspan > 1) and gc.text != skip_merge:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + gc.rowspan - 1,
                end_column=col + gc.colspan - 1,
            )


def _county_workbook(path: Path, report: Report) -> Report:
    """A workbook laid out differently from ours; returns what the import must read."""
    expected = report.copy()
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填报说明"
    notes["A1"] = "请各乡镇于1月15日前报送，数字填阿拉伯数字。"
    notes["B3"] = "总计"
    ws = wb.create_sheet("年报统计表")
    ws["B2"] = "城关镇 2024 年政府信息公开工作年度报告"
    # Table 2 shifted down and right, with an extra column of remarks.
    top, left = 5, 3
    row = top
    for block in fmt.T2_BLOCKS:
        ws.cell(row, left, _vary(block.heading))
        ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=left + 3)
        row += 1
        ws.cell(row, left, fmt.T2_ITEM_HEADER)
        ws.cell(row, left + 4, "备注")
        if len(block.fields) == 1:
            ws.cell(row, left + 1, block.fields[0][1].replace("（单位：万元）", "(万元)"))
            ws.merge_cells(start_row=row, start_column=left + 1, end_row=row, end_column=left + 3)
        else:
            for i, (_, header) in enumerate(block.fields):
                ws.cell(row, left + 1 + i, header)
        row += 1
        for item in block.items:
            ws.cell(row, left, _vary(item.label))
            ws.cell(row, left + 4, "据统计系统导出")
            for i, (field, _) in enumerate(block.fields):
                address = f"t2.{item.key}.{field}"
                if item.key == "penalty":
                    ws.cell(row, left + 1, "／")
                    expected.cells[address] = 0
                elif item.key == "coercion":
                    ws.cell(row, left + 1, "不适用")
                    expected.cells[address] = 0
                elif item.key == "licensing":
                    ws.cell(row, left + 1, " — ")
                    expected.cells[address] = 0
                elif item.key == "fees":
                    # Under the merged header, but in its middle column and not merged itself:
                    # only the header's merged range tells where the number belongs.
                    ws.cell(row, left + 2, "190.457379")
                    expected.cells[address] = "190.457379"
                    continue
                elif address == "t2.rules.repealed":
                    expected.cells[address] = 0  # left blank
                else:
                    ws.cell(row, left + 1 + i, _written(report.cells[address], i + 1))
                if len(block.fields) == 1:
                    ws.merge_cells(
                        start_row=row, start_column=left + 1, end_row=row, end_column=left + 3
                    )
            row += 1
    ws.cell(row + 1, left, "注：表中“/”表示本单位不涉及。")
    # Table 3 further down, one column of row numbers before it and remarks after it; the
    # merged header 「法人或其他组织」 is written unmerged and worded differently.
    t3_top, t3_left = row + 4, 3
    for i in range(len(fmt.T3_ROWS)):
        ws.cell(t3_top + 3 + i, t3_left - 1, i + 1)
        ws.cell(t3_top + 3 + i, t3_left + 11, "")
    ws.cell(t3_top, t3_left - 1, "序号")
    ws.cell(t3_top, t3_left + 10, "备注")
    ws.cell(t3_top + 5, t3_left + 10, "含电话咨询转申请 3 件")
    _write_grid(
        ws,
        "t3",
        report,
        t3_top,
        t3_left,
        skip_merge=fmt.T3_ORGANISATIONS,
        changed={fmt.T3_ORGANISATIONS: "法人或者其他组织（家）"},
    )
    # Table 4 on a sheet of its own, with 「行政诉讼」 not merged.
    ws4 = wb.create_sheet("复议诉讼")
    ws4["A1"] = "附表"
    _write_grid(ws4, "t4", report, 4, 2, skip_merge=fmt.T4_LITIGATION)
    ws4.cell(9, 2, "填表人：张三")
    wb.save(path)
    return expected


def test_import_of_a_county_template_reads_every_number(huaian_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    expected = _county_workbook(path, _load(huaian_path))
    result = import_xlsx(path)
    _assert_same_tables(result.report, expected)
    notes = "\n".join(result.notes)
    assert "不适用" in notes and "行政处罚" in notes and "行政强制" in notes and "行政许可" in notes
    assert "按 0 计" in notes and "规章本年废止件数" in notes  # the blank cell
    assert "年报统计表" in notes and "复议诉讼" in notes
    assert result.report.meta.agency == "城关镇"
    assert result.report.meta.year == 2024


def test_labels_are_compared_loosely() -> None:
    n = normalise
    assert n("（一）予以公开") == n("(一)予以公开") == n("一、予以公开") == n(" (一) 予以\n公开")
    assert n("1.属于国家秘密") == n("1、属于国家秘密") == n("１．属于国家秘密")
    assert n("3.危及“三安全一稳定”") == n('3、危及"三安全一稳定"')
    # No two row labels of table 3 become the same when numbers and quotes are dropped.
    labels = [n(r.label) for r in fmt.T3_ROWS]
    assert len(set(labels)) == len(labels)


def test_blank_totals_are_added_up_and_blank_cells_read_as_zero(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path)
    path = tmp_path / "blank.xlsx"
    workbook.export_xlsx(report, path, findings=[])
    wb = openpyxl.load_workbook(path)
    sheet, row, col = workbook.value_coordinates()["t3.new.total"]
    wb[sheet].cell(row, col).value = None
    sheet, row, col = workbook.value_coordinates()["t4.review.upheld"]
    wb[sheet].cell(row, col).value = "  "
    wb.save(path)
    result = import_xlsx(path)
    assert result.report.cells["t3.new.total"] == report.cells["t3.new.total"]
    assert result.report.cells["t4.review.upheld"] == 0
    notes = "\n".join(result.notes)
    assert "已按各项相加" in notes and "行政复议结果维持" in notes


def test_a_workbook_without_the_tables_is_refused_naming_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "2024年度工作总结"
    wb.active["B5"] = "规章"
    wb.save(path)
    with pytest.raises(ImportFailed) as info:
        import_xlsx(path)
    message = str(info.value)
    assert "行政规范性文件" in message and "行政事业性收费" in message
    assert "商业企业" in message and "法律服务机构" in message
    assert "行政复议" in message and "复议后起诉" in message
    assert "本年制发件数" in message  # 规章 was there, its column header was not


def test_a_missing_row_and_an_unreadable_cell_are_both_named(
    dazhai_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "broken.xlsx"
    wb = _exported_sample(dazhai_path, path)
    t3 = wb[workbook.sheet_title("t3")]
    for gc in fmt.TABLES["t3"].grid:
        if gc.text == fmt.T3_ROW_BY_KEY["rejected_repeat"].label:
            t3.cell(*workbook.grid_coordinate(gc)).value = "（以下空白）"
    t4 = wb[workbook.sheet_title("t4")]
    _s, row, col = workbook.value_coordinates()["t4.review.pending"]
    t4.cell(row, col).value = "两件"
    _s, row, col = workbook.value_coordinates()["t2.rules.issued"]
    wb[workbook.sheet_title("t2")].cell(row, col).value = 1.5
    wb.save(path)
    with pytest.raises(ImportFailed) as info:
        import_xlsx(path)
    message = str(info.value)
    assert "重复申请" in message
    assert "行政复议尚未审结" in message and f"{get_column_letter(col)}{row}" in message
    assert "两件" in message
    assert "规章本年制发件数" in message


# --------------------------------------------------------------------------------------------
# Hostile and broken files

_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"/>'
)


def _zip_bomb(path: Path, size: int = 400 * 1024 * 1024) -> None:
    """A small zip whose worksheet XML decompresses to hundreds of MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as handle:
            handle.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            chunk = b'<row><c t="n"><v>0</v></c></row>' * 32768
            written = 0
            while written < size:
                handle.write(chunk)
                written += len(chunk)
            handle.write(b"</sheetData></worksheet>")


def _import_with_memory_watch(path: Path) -> tuple[str, int]:
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed) as info:
            import_xlsx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(info.value), peak


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    _zip_bomb(path)
    assert path.stat().st_size < 2 * 1024 * 1024
    message, peak = _import_with_memory_watch(path)
    assert "压缩炸弹" in message
    assert peak < 20 * 1024 * 1024


def _patch_declared_size(path: Path, member: str, declared: int) -> None:
    """Make the zip directory lie about a member's unpacked size."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, declared)
    central = 0
    while True:
        central = data.index(b"PK\x01\x02", central)
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == member.encode():
            break
        central += 4
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_a_zip_bomb_that_lies_about_its_size_is_refused_too(
    dazhai_path: Path, tmp_path: Path
) -> None:
    """The declared size is what zipfile lets anyone read; more data fails the CRC check."""
    good = tmp_path / "good.xlsx"
    workbook.export_xlsx(_load(dazhai_path), good, findings=[])
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet2.xml":
                with dst.open(info.filename, "w") as handle:
                    handle.write(src.read(info.filename).replace(b"</worksheet>", b""))
                    chunk = b"<!-- padding -->" * 65536
                    for _ in range(200):
                        handle.write(chunk)
                    handle.write(b"</worksheet>")
            else:
                dst.writestr(info, src.read(info.filename))
    _patch_declared_size(path, "xl/worksheets/sheet2.xml", 4096)
    message, peak = _import_with_memory_watch(path)
    assert "损坏" in message
    assert peak < 40 * 1024 * 1024


def test_a_huge_sheet_is_skipped_and_the_tables_are_still_found(
    dazhai_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.xlsx"
    report = _load(dazhai_path)
    workbook.export_xlsx(report, good, findings=[])
    path = tmp_path / "big.xlsx"
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 200_000)
    )
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # the info sheet
                head, _, _ = data.partition(b"<sheetData>")
                data = head + b"<sheetData>" + rows + b"</sheetData></worksheet>"
            dst.writestr(info, data)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > (
        importer_xlsx.MAX_SHEET_XML_BYTES
    )
    result = import_xlsx(path)
    _assert_same_tables(result.report, report)
    assert any("很大" in n and "没有在其中查找" in n for n in result.notes)


def _billion_laughs(path: Path, good: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, bomb if info.filename == "xl/worksheets/sheet2.xml" else data)


@pytest.mark.parametrize(
    "kind", ["text", "empty", "xls", "truncated", "broken-xml", "entities", "not-a-workbook"]
)
def test_malformed_files_are_refused_with_a_message(
    kind: str, dazhai_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.xlsx"
    workbook.export_xlsx(_load(dazhai_path), good, findings=[])
    path = tmp_path / "bad.xlsx"
    if kind == "text":
        path.write_text("自然人,商业企业\n1,2\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "xls":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "broken-xml":
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "xl/worksheets/sheet3.xml":
                    data = data[: len(data) // 2]
                dst.writestr(info, data)
    elif kind == "entities":
        _billion_laughs(path, good)
    else:
        with zipfile.ZipFile(path, "w") as dst:
            dst.writestr("readme.txt", "hello")
    message, peak = _import_with_memory_watch(path)
    assert message
    assert peak < 40 * 1024 * 1024
    expected = {"xls": "另存为", "empty": "空的"}.get(kind)
    if expected:
        assert expected in message


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


# --------------------------------------------------------------------------------------------
# Command line


def test_command_line_export_and_import(
    huaian_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = tmp_path / "out.xlsx"
    assert main(["export", str(huaian_path), "--xlsx", str(xlsx)]) == 0
    assert xlsx.is_file()
    target = tmp_path / "imported.gaidesk"
    assert main(["import", str(xlsx), "-o", str(target)]) == 0
    _assert_same_tables(load_report(target), _load(huaian_path))
    out = capsys.readouterr().out
    assert "取自工作表" in out
    # Importing never overwrites an existing draft.
    before = target.read_bytes()
    assert main(["import", str(xlsx), "-o", str(target)]) != 0
    assert target.read_bytes() == before


def test_command_line_import_of_a_non_workbook_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    assert main(["import", str(bad), "-o", str(tmp_path / "x.gaidesk")]) == 2
    err = capsys.readouterr().err
    assert "不是 Excel 工作簿" in err and "Traceback" not in err
    assert not (tmp_path / "x.gaidesk").exists()


def test_odd_cell_values_are_named_and_float_fees_read_sensibly(
    dazhai_path: Path, tmp_path: Path
) -> None:
    import datetime

    path = tmp_path / "odd.xlsx"
    wb = _exported_sample(dazhai_path, path)
    odd: dict[str, object] = {
        "t3.new.natural": True,
        "t3.new.commercial": -3,
        "t3.granted.natural": "3.5",
        "t3.granted.commercial": datetime.datetime(2024, 1, 5),
        "t3.partial.natural": 2.5,
        "t4.review.upheld": "约3",
        "t4.review.other": float("-1"),
    }
    for address, value in odd.items():
        sheet, row, col = workbook.value_coordinates()[address]
        wb[sheet].cell(row, col).value = value
    wb.save(path)
    with pytest.raises(ImportFailed) as info:
        import_xlsx(path)
    message = str(info.value)
    for address in odd:
        assert fmt.cell_name(address) in message, address
    assert "日期" in message

    for stored, want in [(0.1 + 0.2, "0.3"), (7730.28, "7730.28"), (1e-05, "0.00001")]:
        wb = openpyxl.load_workbook(path)
        for address in odd:
            sheet, row, col = workbook.value_coordinates()[address]
            wb[sheet].cell(row, col).value = 0
            wb[sheet].cell(row, col).number_format = "0"
        sheet, row, col = workbook.value_coordinates()[FEE]
        wb[sheet].cell(row, col).value = stored
        wb[sheet].cell(row, col).number_format = "General"
        wb.defined_names.pop(workbook.FEE_NAME, None)
        wb.save(path)
        assert import_xlsx(path).report.cells[FEE] == want


def test_a_table_4_without_one_column_label_is_named(dazhai_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "t4.xlsx"
    wb = _exported_sample(dazhai_path, path)
    ws = wb[workbook.sheet_title("t4")]
    for gc in fmt.TABLES["t4"].grid:
        if gc.text == fmt.T4_COLUMNS[3][1] and gc.col >= 10:
            ws.cell(*workbook.grid_coordinate(gc)).value = "未结"
    wb.save(path)
    with pytest.raises(ImportFailed) as info:
        import_xlsx(path)
    assert f"复议后起诉下的「{fmt.T4_COLUMNS[3][1]}」" in str(info.value)


def test_invalid_values_of_a_file_made_elsewhere_are_exported_as_they_are(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path)
    report.cells["t3.new.natural"] = "三"
    report.cells["t3.new.legal"] = None
    report.cells[FEE] = "12,5"
    path = tmp_path / "invalid.xlsx"
    workbook.export_xlsx(report, path, findings=rules.check(report))
    wb = openpyxl.load_workbook(path)
    shown = {}
    for address in ("t3.new.natural", "t3.new.legal", FEE):
        sheet, row, col = workbook.value_coordinates()[address]
        cell = wb[sheet].cell(row, col)
        shown[address] = cell.value
        assert cell.fill.fgColor.rgb == "FFFF9C9C", address  # VALUE-INVALID marks them
    assert shown == {"t3.new.natural": "三", "t3.new.legal": None, FEE: "12,5"}
    with pytest.raises(ImportFailed) as info:
        import_xlsx(path)
    assert "本年新收（自然人）" in str(info.value)
    assert "行政事业性收费" in str(info.value)  # "12,5" is not read as 125


def test_dashes_for_none_in_tables_3_and_4_import_as_0(dazhai_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "dashes.xlsx"
    wb = _exported_sample(dazhai_path, path)
    marks = {"t3.new.natural": "-", "t3.granted.research": "／", "t4.review.upheld": "无"}
    for address, value in marks.items():
        sheet, row, col = workbook.value_coordinates()[address]
        wb[sheet].cell(row, col).value = value
    wb.save(path)
    result = import_xlsx(path)
    notes = "\n".join(result.notes)
    for address in marks:
        assert result.report.cells[address] == 0
        assert fmt.cell_name(address) in notes


def test_the_findings_on_the_info_sheet_name_rules_in_chinese(
    dazhai_path: Path, tmp_path: Path
) -> None:
    """The clerk (or her superior) reads the sheet: no internal ids such as X-SIMILAR."""
    from gaidesk import rules

    report = _load(dazhai_path)
    report.cells["t3.new.natural"] = 99
    report.text["overview.active"] = "2023年1月1日至2023年12月31日，我镇共收到申请500件。"
    findings = rules.check(report)
    assert {f.rule for f in findings} >= {"T3-BALANCE", "TEXT-YEAR"}
    path = tmp_path / "checked.xlsx"
    workbook.export_xlsx(report, path, findings=findings)
    sheet = openpyxl.load_workbook(path)[workbook.INFO_SHEET]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts for rule in rules.RULES if rule in t]
    assert rules.RULE_NAMES["T3-BALANCE"] in texts and rules.RULE_NAMES["TEXT-YEAR"] in texts
    assert set(rules.RULE_NAMES) == set(rules.RULES)
