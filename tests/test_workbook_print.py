"""The exported workbook as a county office prints it.

Who and which year on every table sheet and in the print header, table 3 on one page at a
readable scale, labels broken at sensible points, 「三、本年度办理结果」 vertical, seven-digit
numbers shown whole, a finished report clean."""

from __future__ import annotations

import math
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest

from gaidesk import draft, rules, sheetlayout, workbook
from gaidesk import format as fmt
from gaidesk.model import Report
from tests.support.office import convert
from tests.support.paths import SAMPLES

SEVEN_DIGITS = 9999999
_CLOSING = set("）)，、。；：”’》」』】")


@dataclass(frozen=True)
class _Finding:
    rule: str
    severity: str
    cells: tuple[str, ...]
    message: str


def _load(name: str) -> Report:
    return draft.parse((SAMPLES / f"{name}.gaidesk").read_bytes())


def _seven_digits(report: Report) -> Report:
    for address, cell in fmt.VALUE_CELLS.items():
        if cell.kind is fmt.CellKind.COUNT:
            report.cells[address] = SEVEN_DIGITS
    return report


def _dazhai(seven_digits: bool) -> Report:
    """The 大寨镇 sample; with ``seven_digits`` every count in its tables is 9999999, the widest
    number a table cell must show whole."""
    report = _load("dazhai-2025")
    return _seven_digits(report) if seven_digits else report


def _export(report: Report, path: Path, findings: list[Any] | None = None) -> Any:
    workbook.export_xlsx(
        report, path, findings=rules.check(report) if findings is None else findings
    )
    return openpyxl.load_workbook(path)


# --------------------------------------------------------------------------------------------
# Labels broken at sensible points


@pytest.mark.parametrize(
    ("text", "characters", "expected"),
    [
        ("社会公益组织", 4, "社会公益\n组织"),
        ("法律服务机构", 4, "法律服务\n机构"),
        ("（三）不予公开", 4, "（三）\n不予公开"),
        ("（三）不予公开", 5, "（三）\n不予公开"),
        ("自然人", 4, "自然人"),
        ("3.危及“三安全一稳定”", 9, "3.危及“三安全一\n稳定”"),
        ("商业企业", 3, "商业\n企业"),
    ],
)
def test_a_label_breaks_at_a_sensible_point(text: str, characters: int, expected: str) -> None:
    width = characters * sheetlayout.CJK_WIDTH + sheetlayout.CELL_PADDING
    assert sheetlayout.wrapped_label(text, width) == expected


def _lines_of_labels(book: Any) -> list[tuple[str, str]]:
    found = []
    for key, table in fmt.TABLES.items():
        ws = book[workbook.sheet_title(key)]
        for gc in table.grid:
            if not gc.is_value:
                value = ws.cell(*workbook.grid_coordinate(gc)).value
                found += [(gc.text, line) for line in value.split("\n")]
    return found


@pytest.mark.parametrize("seven", [False, True])
def test_no_label_line_holds_one_character_alone_or_starts_with_a_closing_mark(
    tmp_path: Path, seven: bool
) -> None:
    book = _export(_dazhai(seven), tmp_path / "labels.xlsx")
    lines = _lines_of_labels(book)
    assert any(text != line for text, line in lines)  # some labels are broken
    for text, line in lines:
        assert sum(ch not in _CLOSING for ch in line) > 1 or len(text) == 1, (text, line)
        assert line[0] not in _CLOSING, (text, line)


# --------------------------------------------------------------------------------------------
# Print settings read back


def test_every_table_sheet_names_the_body_and_year_and_prints_them_in_its_header(
    tmp_path: Path,
) -> None:
    report = _load("huaian-2024-tables")
    report.meta.agency = "张家港市A&B街道办事处"
    book = _export(report, tmp_path / "header.xlsx")
    for key in fmt.TABLES:
        ws = book[workbook.sheet_title(key)]
        assert (
            ws.cell(1, 1).value
            == f"报告单位：张家港市A&B街道办事处　　报告年度：{report.meta.year}"
        )
        assert ws.cell(2, 1).value == fmt.table_section(key).heading
        header = ws.oddHeader.center.text
        assert header == f"张家港市A&&B街道办事处{report.meta.year}{fmt.REPORT_TITLE_SUFFIX}"
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert book[workbook.INFO_SHEET].oddHeader.center.text == header


@pytest.mark.parametrize("seven", [False, True])
def test_table_three_fills_one_upright_page_at_85_per_cent_or_more(
    tmp_path: Path, seven: bool
) -> None:
    book = _export(_dazhai(seven), tmp_path / "t3.xlsx")
    ws = book[workbook.sheet_title(fmt.T3)]
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert ws.page_setup.orientation == "portrait"
    assert 85 <= ws.page_setup.scale <= 100


def test_the_information_sheet_prints_upright_at_full_size(tmp_path: Path) -> None:
    report = _load("huaian-2024-tables")
    findings = rules.check(report)
    assert findings  # the list of problems is on it too
    book = _export(report, tmp_path / "info.xlsx", findings)
    ws = book[workbook.INFO_SHEET]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.scale == 100
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    width = sum(d.width for d in ws.column_dimensions.values())
    assert sheetlayout.print_scale(width, 0.0, one_page=False, landscape=False) == 100
    message_width = ws.column_dimensions["D"].width
    messages = 0
    for row in range(3, ws.max_row + 1):
        message = ws.cell(row, 4).value
        if any(message == f.message for f in findings):  # as high as its message needs
            lines = sheetlayout.lines_needed(message, message_width)
            assert ws.row_dimensions[row].height >= sheetlayout.LINE_PT * lines
            messages += 1
    assert messages == len(findings)


def test_a_table_too_wide_for_an_upright_page_prints_sideways(tmp_path: Path) -> None:
    book = _export(_seven_digits(_load("dazhai-2025")), tmp_path / "t4.xlsx")
    ws = book[workbook.sheet_title(fmt.T4)]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.scale >= 85
    width = sum(d.width for d in ws.column_dimensions.values())
    upright = sheetlayout.print_scale(width, 200.0, one_page=False, landscape=False)
    assert upright < ws.page_setup.scale


def test_the_results_label_stands_vertical_in_its_merged_cell(tmp_path: Path) -> None:
    book = _export(_load("dazhai-2025"), tmp_path / "vertical.xlsx")
    vertical = 0
    for key, table in fmt.TABLES.items():
        ws = book[workbook.sheet_title(key)]
        for gc in table.grid:
            if gc.is_value:
                continue
            cell = ws.cell(*workbook.grid_coordinate(gc))
            upright = gc.col == table.traits.vertical_label_col and gc.rowspan > 1
            if upright and not gc.header:
                assert cell.alignment.textRotation == 255, gc.text
                assert cell.value == gc.text
                vertical += 1
            else:
                assert cell.alignment.textRotation == 0, gc.text
    assert vertical == 1


def test_number_columns_are_as_wide_as_their_longest_number(tmp_path: Path) -> None:
    from openpyxl.utils import get_column_letter

    report = _seven_digits(_load("dazhai-2025"))
    book = _export(report, tmp_path / "wide.xlsx")
    need = sheetlayout.text_width(str(SEVEN_DIGITS)) + sheetlayout.CELL_PADDING
    for key, table in fmt.TABLES.items():
        ws = book[workbook.sheet_title(key)]
        for gc in table.grid:
            if gc.is_value:
                columns = range(gc.col + 1, gc.col + gc.colspan + 1)
                width = sum(ws.column_dimensions[get_column_letter(c)].width for c in columns)
                assert width >= need - 0.01, gc.address


# --------------------------------------------------------------------------------------------
# A finished report is clean; a draft is marked


def test_a_finished_report_has_no_fills_no_comments_and_no_rule_ids(tmp_path: Path) -> None:
    report = _load("dazhai-2025")
    reminder = _Finding("T3-BALANCE", fmt.Severity.WARNING, ("t3.new.natural",), "请核实")
    findings = [*rules.check(report), reminder]
    assert fmt.count(findings, fmt.Severity.ERROR) == 0
    book = _export(report, tmp_path / "final.xlsx", findings)
    rule_ids = set(rules.RULE_NAMES) | {reminder.rule}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if ws.title != workbook.INFO_SHEET:
                    assert cell.fill.fill_type is None, (ws.title, cell.coordinate)
                    assert cell.comment is None, (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not any(rule in cell.value for rule in rule_ids), cell.value


def test_a_draft_marks_its_reminders_too(tmp_path: Path) -> None:
    report = _load("dazhai-2025")
    report.cells["t3.new.natural"] = report.count("t3.new.natural") + 1  # type: ignore[operator]
    reminder = _Finding("X", fmt.Severity.WARNING, ("t4.review.upheld",), "请核实")
    book = _export(report, tmp_path / "draft.xlsx", [*rules.check(report), reminder])
    sheet, row, col = workbook.value_coordinates()["t4.review.upheld"]
    cell = book[sheet].cell(row, col)
    assert cell.fill.fgColor.rgb == workbook._WARNING_FILL
    assert cell.comment is not None and "请核实" in cell.comment.text


# --------------------------------------------------------------------------------------------
# As LibreOffice prints it


def _printed(report: Report, tmp_path: Path) -> Path:
    out = tmp_path / "report.xlsx"
    workbook.export_xlsx(report, out, findings=rules.check(report))
    convert(out, "pdf", tmp_path, tmp_path / "lo-profile")
    return tmp_path / "report.pdf"


def _text_sizes(page: Any) -> Counter[float]:
    """The printed size (points) of every piece of text on a page, counted."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text.strip():
            scale = math.sqrt(abs(cm[0] * cm[3] - cm[1] * cm[2]))
            scale *= math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2]))
            sizes[round(size * scale, 1)] += 1

    page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.slow
@pytest.mark.parametrize("seven", [False, True])
def test_libreoffice_prints_table_three_on_one_page_at_85_per_cent_and_every_number_whole(
    tmp_path: Path, seven: bool
) -> None:
    printed = _printed(_dazhai(seven), tmp_path)
    pdf = pypdf.PdfReader(printed)
    texts = [page.extract_text() for page in pdf.pages]
    assert not any("###" in text for text in texts)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:
        shown = subprocess.run([pdftotext, str(printed), "-"], capture_output=True, check=True)
        assert b"###" not in shown.stdout
    heading_of = {key: fmt.table_section(key).heading for key in fmt.TABLES}
    (t3_page,) = [i for i, text in enumerate(texts) if heading_of[fmt.T3] in text]
    assert heading_of[fmt.T4] in texts[t3_page + 1]  # table 3 holds one page
    body_size, _ = _text_sizes(pdf.pages[t3_page]).most_common(1)[0]
    assert body_size / workbook._FONT_SIZE >= 0.85
    if seven:
        (t2_page,) = [i for i, text in enumerate(texts) if heading_of[fmt.T2] in text]
        shown = "".join(texts[t2_page:]).count(str(SEVEN_DIGITS))
        assert shown == len(fmt.VALUE_CELLS) - 1  # every count; the fee is a decimal
