"""Excel workbooks in and out: the three tables in the official layout, and back.

Export writes a first sheet with the report's facts and the check verdict, then one sheet per
table generated from the grids of :mod:`gaidesk.format` (every label, every merge, borders, A4
print set-up). Numbers are stored as numbers and totals as values, so any reader sees them; the
fee keeps its exact decimals.

Import finds the official tables in any sheet of any workbook by their labels, not by fixed
positions, and reads the number beside each label. Hostile files are refused before openpyxl
parses them (size, zip bomb, malformed zip), openpyxl reads in read-only mode with defusedxml,
and every sheet is scanned only within fixed bounds.

openpyxl is imported only inside the functions that need it: starting the program stays fast.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

import gaidesk
from gaidesk import format as fmt
from gaidesk.cleantext import Cleaner
from gaidesk.errors import ExportError, ImportFailed
from gaidesk.fsutil import describe_os_error
from gaidesk.model import (
    CellValue,
    InputError,
    Report,
    derive_short_name,
    format_value,
    is_valid,
    zero_mark,
)
from gaidesk.model import parse_cell_input as _parse_input

__all__ = ["ImportResult", "export_xlsx", "import_xlsx"]


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


# --------------------------------------------------------------------------------------------
# Import: safety limits

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 20 * 1024 * 1024  # any one part except worksheets (those are skipped)
MAX_SHEET_XML_BYTES = 5 * 1024 * 1024  # a sheet larger than this is not scanned
MAX_RATIO = 200  # uncompressed / compressed, for parts above 1 MB
MAX_MEMBERS = 5000
SCAN_ROWS = 1000  # the tables are looked for within these rows and columns of a sheet
SCAN_COLS = 100
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
FORMULAS_WITHOUT_RESULTS = (
    "这个工作簿里的公式没有保存计算结果：请用 Excel 或 WPS 打开并保存后再导入"
)
MAX_FORMULA_RANGE = 10_000  # cells one SUM range may cover when gaidesk computes it
_NOT_APPLICABLE = frozenset({"/", "\\", "-", "--", "—", "——", "–", "―", "不适用"})


@dataclass
class ImportResult:
    """A report read from a workbook and, in Chinese, what was taken from where."""

    report: Report
    notes: list[str] = field(default_factory=list)


@dataclass
class _Sheet:
    title: str
    values: dict[tuple[int, int], Any]  # non-empty cells (1-based row, col) -> value
    formats: dict[tuple[int, int], str]
    merges: dict[tuple[int, int], tuple[int, int, int, int]]  # top-left -> (r0, c0, r1, c1)
    labels: dict[str, list[tuple[int, int]]]  # normalised text -> positions, in reading order

    def span(self, pos: tuple[int, int]) -> tuple[int, int, int, int]:
        return self.merges.get(pos, (pos[0], pos[1], pos[0], pos[1]))

    def find(self, label: str) -> list[tuple[int, int]]:
        """Positions of the cells whose text is the label (loosely compared)."""
        key = normalise(label)
        found = list(self.labels.get(key, ()))
        loose = _without_note(key)
        if loose != key or not found:
            for text in self._loose.get(loose, ()):
                if text != key:
                    found.extend(self.labels[text])
        return sorted(found)

    def __post_init__(self) -> None:
        # Texts grouped by their form without a trailing bracketed note, for loose matching.
        self._loose: dict[str, list[str]] = {}
        for text in self.labels:
            self._loose.setdefault(_without_note(text), []).append(text)

    def first_value(self, rows: range, cols: range) -> tuple[tuple[int, int], Any] | None:
        for r in rows:
            for c in cols:
                if (r, c) in self.values:
                    return (r, c), self.values[(r, c)]
        return None


_QUOTES_AND_BRACKETS = str.maketrans(
    {
        "“": None,
        "”": None,
        "‘": None,
        "’": None,
        '"': None,
        "'": None,
        "「": None,
        "」": None,
        "『": None,
        "』": None,
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "[": "(",
        "]": ")",
        "〈": "(",
        "〉": ")",
        "《": None,
        "》": None,
    }
)
_NUMBERING = re.compile(r"^(?:\(?[一二三四五六七八九十]{1,3}[)、.]|\(?\d{1,2}[)、.]|\(\d{1,2}\))")
_NOTE = re.compile(r"\([^()]*\)$")


def normalise(text: str) -> str:
    """Text of a label for comparing: NFKC, no spaces, one kind of bracket, no quotes, and
    without a leading number such as 「（一）」「一、」「1.」."""
    t = unicodedata.normalize("NFKC", text)
    t = "".join(ch for ch in t if not ch.isspace())
    t = t.translate(_QUOTES_AND_BRACKETS)
    return _NUMBERING.sub("", t, count=1)


def _without_note(text: str) -> str:
    """A label without a trailing bracketed note: 「部分公开（区分处理的…）」 → 「部分公开」."""
    stripped = _NOTE.sub("", text)
    return stripped or text


def _coordinate(pos: tuple[int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(pos[1])}{pos[0]}"


# --------------------------------------------------------------------------------------------
# Import: reading the file safely


def _check_container(path: Path) -> list[str]:
    """Refuse what openpyxl must not see; returns the worksheet parts too large to scan."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(describe_os_error(exc, "读取工作簿", path)) from exc
    if size == 0:
        raise ImportFailed(f"文件“{path.name}”是空的。")
    if size > MAX_FILE_BYTES:
        raise ImportFailed(
            f"文件“{path.name}”太大（{size / 1024 / 1024:.1f} MB），"
            f"超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像是年度报告的统计表。"
            "请把统计表复制到一个新的工作簿后再导入。"
        )
    with open(path, "rb") as handle:
        head = handle.read(8)
        # An encrypted .xlsx is an OLE container (like an old .xls) holding the encrypted
        # workbook in a stream named EncryptedPackage.
        encrypted = head.startswith(_OLE_MAGIC) and _ENCRYPTED_STREAM in handle.read()
    if encrypted:
        raise ImportFailed(
            f"“{path.name}”设置了打开密码（已加密），gaidesk 不能读取加密的工作簿。"
            "请在 Excel 或 WPS 中用密码打开，取消密码（文件→信息→保护工作簿，或文件→文档加密）"
            "后保存，再导入。"
        )
    if head.startswith(_OLE_MAGIC):
        raise ImportFailed(
            f"“{path.name}”是旧版 Excel（.xls）或 WPS 格式的文件，不能直接导入。"
            "请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入。"
        )
    if not head.startswith(b"PK"):
        raise ImportFailed(f"“{path.name}”不是 Excel 工作簿（.xlsx），或者文件已损坏。")
    too_large: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ImportFailed(f"“{path.name}”不是完整的 Excel 工作簿，文件可能已损坏。") from exc
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed(f"“{path.name}”的内部结构异常（部件过多），拒绝导入。")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFailed(f"“{path.name}”不是 Excel 工作簿（.xlsx），或者文件已损坏。")
    total = 0
    bomb = (
        f"“{path.name}”解压后异常庞大（疑似“压缩炸弹”），为保护电脑已拒绝导入。"
        "请确认文件来源，或把统计表复制到新的工作簿后再导入。"
    )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise ImportFailed(bomb)
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        if is_sheet and info.file_size > MAX_SHEET_XML_BYTES:
            # A big sheet (real data: a million rows is hundreds of MB unpacked) is never
            # unpacked: it is skipped, so it cannot harm, and it is called big, not a bomb.
            too_large.append(info.filename)
            continue
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ImportFailed(bomb)
        if not is_sheet and info.file_size > MAX_MEMBER_BYTES:
            raise ImportFailed(bomb)
    return too_large


@dataclass
class _Formula:
    text: str  # without the leading "="; "" for a cell that shares another's formula
    shared: str | None = None  # the shared formula's group (si)


def _sheet_xml(
    path: Path, part: str
) -> tuple[dict[tuple[int, int], tuple[int, int, int, int]], dict[tuple[int, int], _Formula]]:
    """The merged ranges of one worksheet part and, within the scan bounds, its formulas that
    have no saved result (with every shared formula's master); read with defusedxml as a stream.
    """
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    merges: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    formulas: dict[tuple[int, int], _Formula] = {}
    masters: dict[str, tuple[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as archive, archive.open(part) as source:
        for _event, elem in iterparse(source, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                ref = elem.get("ref", "")
                with contextlib.suppress(ValueError, TypeError):
                    c0, r0, c1, r1 = range_boundaries(ref)
                    if None not in (c0, r0, c1, r1) and r0 <= SCAN_ROWS and c0 <= SCAN_COLS:
                        merges[(r0, c0)] = (r0, c0, r1, c1)
                if len(merges) > 100_000:
                    break
            elif tag == "c":
                found = _uncached_formula(elem, masters, coordinate_to_tuple)
                if found is not None and len(formulas) < 100_000:
                    formulas[found[0]] = found[1]
            if tag not in ("mergeCells", "f", "v", "is", "t", "r"):
                elem.clear()
    for pos, formula in formulas.items():
        if formula.shared is not None and not formula.text and formula.shared in masters:
            origin, text = masters[formula.shared]
            formula.text = _translated(text, origin, pos)
    return merges, formulas


def _uncached_formula(
    cell: Any, masters: dict[str, tuple[tuple[int, int], str]], to_tuple: Any
) -> tuple[tuple[int, int], _Formula] | None:
    """(position, formula) of a ``<c>`` element whose formula has no saved result."""
    f = v = None
    for child in cell:
        name = child.tag.rsplit("}", 1)[-1]
        if name == "f":
            f = child
        elif name == "v":
            v = child
    if f is None:
        return None
    try:
        pos: tuple[int, int] = to_tuple(cell.get("r", ""))
    except (ValueError, TypeError):
        return None
    text = (f.text or "").strip().removeprefix("=")
    shared = f.get("si") if f.get("t") == "shared" else None
    if shared is not None and text:
        masters.setdefault(shared, (pos, text))
    if v is not None and (v.text or "").strip():
        return None
    if pos[0] > SCAN_ROWS or pos[1] > SCAN_COLS:
        return None
    return pos, _Formula(text, shared)


def _translated(text: str, origin: tuple[int, int], pos: tuple[int, int]) -> str:
    """A shared formula as it reads in another cell of its group."""
    from openpyxl.formula.translate import Translator

    try:
        moved = Translator("=" + text, origin=_coordinate(origin)).translate_formula(
            _coordinate(pos)
        )
    except Exception:  # an unusual formula openpyxl cannot move: left uncomputable
        return ""
    return str(moved).removeprefix("=")


_FORMULA_TOKEN = re.compile(
    r"\s*(?:(?P<sum>SUM)\s*\(|(?P<ref>\$?[A-Z]{1,3}\$?\d{1,7})"
    r"|(?P<num>\d+(?:\.\d+)?)|(?P<op>[+,:()]))",
    re.IGNORECASE,
)


class _NotComputable(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, at = [], 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _FORMULA_TOKEN.match(text, at)
        if match is None or match.end() == at:
            raise _NotComputable(text)
        kind = match.lastgroup or ""
        tokens.append((kind, (match.group(kind) or "").upper()))
        at = match.end()
    return tokens


class _FormulaSheet:
    """Computes formulas without saved results from the values a sheet holds: sums of cells,
    numbers and SUM over cells and ranges (what scripts and some tools write); anything else
    is not computable."""

    def __init__(
        self, values: dict[tuple[int, int], Any], formulas: dict[tuple[int, int], _Formula]
    ) -> None:
        self.values = values
        self.formulas = formulas
        self.done: dict[tuple[int, int], float] = {}
        self.busy: set[tuple[int, int]] = set()

    def value(self, pos: tuple[int, int], *, in_sum: bool) -> float:
        if pos in self.formulas:
            return self.compute(pos)
        value = self.values.get(pos)
        if value is None:
            return 0.0  # an empty cell counts as 0, as in Excel
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if in_sum and isinstance(value, str):
            return 0.0  # SUM passes over text, as in Excel
        raise _NotComputable(pos)

    def compute(self, pos: tuple[int, int]) -> float:
        if pos in self.done:
            return self.done[pos]
        if pos in self.busy:
            raise _NotComputable("circular")
        self.busy.add(pos)
        tokens = _tokens(self.formulas[pos].text)
        if not tokens:
            raise _NotComputable(pos)
        total, at = 0.0, 0
        while True:
            value, at = self._term(tokens, at)
            total += value
            if at == len(tokens):
                break
            if tokens[at] != ("op", "+"):
                raise _NotComputable(pos)
            at += 1
        self.busy.discard(pos)
        self.done[pos] = total
        return total

    def _term(self, tokens: list[tuple[str, str]], at: int) -> tuple[float, int]:
        kind, text = tokens[at] if at < len(tokens) else ("", "")
        if kind == "num":
            return float(text), at + 1
        if kind == "ref":
            return self.value(_ref(text), in_sum=False), at + 1
        if kind != "sum":
            raise _NotComputable(text)
        at += 1
        total = 0.0
        while True:
            kind, text = tokens[at] if at < len(tokens) else ("", "")
            if kind == "num":
                total += float(text)
                at += 1
            elif kind == "ref":
                first = _ref(text)
                last = first
                if tokens[at + 1 : at + 2] == [("op", ":")]:
                    if at + 2 >= len(tokens) or tokens[at + 2][0] != "ref":
                        raise _NotComputable(text)
                    last = _ref(tokens[at + 2][1])
                    at += 2
                at += 1
                total += self._range(first, last)
            else:
                raise _NotComputable(text)
            step = tokens[at] if at < len(tokens) else ("", "")
            at += 1
            if step == ("op", ")"):
                return total, at
            if step != ("op", ","):
                raise _NotComputable(step[1])

    def _range(self, first: tuple[int, int], last: tuple[int, int]) -> float:
        r0, r1 = sorted((first[0], last[0]))
        c0, c1 = sorted((first[1], last[1]))
        if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_FORMULA_RANGE:
            raise _NotComputable("range")
        return sum(
            self.value((r, c), in_sum=True) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
        )


def _ref(text: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(text.replace("$", ""))  # type: ignore[no-any-return]


def _fill_formulas(
    values: dict[tuple[int, int], Any], formulas: dict[tuple[int, int], _Formula]
) -> int:
    """Put the computed result of every formula without a saved one into ``values``; returns how
    many; ImportFailed (FORMULAS_WITHOUT_RESULTS) when one cannot be computed."""
    sheet = _FormulaSheet(values, formulas)
    results: dict[tuple[int, int], int | float] = {}
    for pos in formulas:
        try:
            number = sheet.compute(pos)
        except (_NotComputable, RecursionError, OverflowError) as exc:
            raise ImportFailed(FORMULAS_WITHOUT_RESULTS + "。") from exc
        results[pos] = int(number) if number.is_integer() else number
    values.update(results)
    return len(results)


def _read_sheets(path: Path, skip_parts: Sequence[str]) -> tuple[list[_Sheet], Any, list[str]]:
    """Every scannable sheet's non-empty cells (within bounds) and merges; the defined names."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise ImportFailed("缺少安全读取 Excel 所需的组件（defusedxml），请重新安装 gaidesk。")
    notes: list[str] = []
    with open(path, "rb") as handle:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        try:
            return _scan(path, workbook, skip_parts, notes)
        finally:
            workbook.close()


def _scan(
    path: Path, workbook: Any, skip_parts: Sequence[str], notes: list[str]
) -> tuple[list[_Sheet], Any, list[str]]:
    """Read every sheet within the scan bounds (openpyxl's read-only stream)."""
    sheets: list[_Sheet] = []
    for ws in workbook.worksheets:
        part = getattr(ws, "_worksheet_path", "")
        if not hasattr(ws, "iter_rows"):
            continue  # a chart sheet
        if part in skip_parts:
            notes.append(
                f"工作表“{ws.title}”很大（超过 {MAX_SHEET_XML_BYTES // 1024 // 1024} MB），"
                "没有在其中查找统计表。"
            )
            continue
        values: dict[tuple[int, int], Any] = {}
        formats: dict[tuple[int, int], str] = {}
        ws.reset_dimensions()
        for row in ws.iter_rows(min_row=1, max_row=SCAN_ROWS, max_col=SCAN_COLS):
            for cell in row:
                value = getattr(cell, "value", None)
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                pos = (cell.row, cell.column)
                values[pos] = value
                formats[pos] = cell.number_format or "General"
        merges, formulas = _sheet_xml(path, part) if part else ({}, {})
        if formulas:
            computed = _fill_formulas(values, formulas)
            for pos in formulas:
                formats.setdefault(pos, "General")
            notes.append(
                f"工作表“{ws.title}”中有 {computed} 个公式没有保存计算结果，已按公式算出"
                "（gaidesk 能算的只有单元格和数字相加、SUM），请核对。"
            )
        labels: dict[str, list[tuple[int, int]]] = {}
        for pos, value in values.items():
            if isinstance(value, str) and len(value) <= 200:
                labels.setdefault(normalise(value), []).append(pos)
        sheets.append(_Sheet(ws.title, values, formats, merges, labels))
    names = workbook.defined_names
    exact = names.get(FEE_NAME) if hasattr(names, "get") else None
    fee_exact = exact.attr_text if exact is not None else None
    return sheets, fee_exact, notes


# --------------------------------------------------------------------------------------------
# Import: locating the tables


@dataclass
class _Located:
    """Where one table's values were found in a sheet (or what was missing)."""

    sheet: _Sheet
    cells: dict[str, tuple[tuple[int, int] | None, Any]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def _nearest(
    positions: Iterable[tuple[int, int]], key: Any
) -> tuple[int, int] | None:  # helper: min by key
    best = sorted(positions, key=key)
    return best[0] if best else None


def _value_at(sheet: _Sheet, rows: range, cols: range) -> tuple[tuple[int, int] | None, Any]:
    found = sheet.first_value(rows, cols)
    return found if found is not None else (None, None)


def _locate_t2(sheet: _Sheet) -> _Located:
    located = _Located(sheet)
    for block in fmt.T2_BLOCKS:
        for item in block.items:
            positions = sheet.find(item.label)
            if not positions:
                located.missing.append(item.label)
                continue
            pos = positions[0]
            r0, c0, r1, _c1 = sheet.span(pos)
            for field_key, header in block.fields:
                above = [p for p in sheet.find(header) if p[0] < r0 and p[1] > c0]
                head = _nearest(above, key=lambda p: (-p[0], p[1]))
                if head is None:
                    if header not in located.missing:
                        located.missing.append(header)
                    continue
                _hr0, hc0, _hr1, hc1 = sheet.span(head)
                located.cells[fmt.cell(fmt.T2, item.key, field_key)] = _value_at(
                    sheet, range(r0, r1 + 1), range(hc0, hc1 + 1)
                )
    return located


def _t3_row_name(row: fmt.T3Row) -> str:
    return f"{row.category} {row.label}" if row.category else row.label


def _locate_t3(sheet: _Sheet) -> _Located:
    located = _Located(sheet)
    org_labels = [c.label for c in fmt.T3_COLUMNS if c.key in fmt.T3_ORGANISATION_COLUMNS][:-1]
    header_row = None
    for pos in sheet.find(org_labels[0]):
        if all(any(p[0] == pos[0] for p in sheet.find(lbl)) for lbl in org_labels[1:]):
            header_row = pos[0]
            break
    if header_row is None:
        everything = [c.label for c in fmt.T3_COLUMNS] + [_t3_row_name(r) for r in fmt.T3_ROWS]
        labels = [c.label for c in fmt.T3_COLUMNS] + [r.label for r in fmt.T3_ROWS]
        located.missing.extend(
            n for n, lbl in zip(everything, labels, strict=True) if not sheet.find(lbl)
        )
        if not located.missing:
            located.missing.append("、".join(org_labels) + "（应在同一行）")
        return located
    hr = header_row
    columns: dict[str, tuple[int, int]] = {}
    by_label = {c.label: c.key for c in fmt.T3_COLUMNS}
    for label in org_labels:
        columns[by_label[label]] = next(p for p in sheet.find(label) if p[0] == hr)

    def near_header(label: str) -> list[tuple[int, int]]:
        return [p for p in sheet.find(label) if hr - 3 <= p[0] <= hr]

    legal_col = columns[fmt.T3_ORGANISATION_COLUMNS[-2]][1]
    commercial_col = columns[fmt.T3_ORGANISATION_COLUMNS[0]][1]
    order = [c.key for c in fmt.T3_COLUMNS]
    for column in fmt.T3_COLUMNS:
        if column.key in columns:
            continue
        candidates = near_header(column.label)
        if column.key == order[0]:
            pick = _nearest(
                [p for p in candidates if p[1] < commercial_col], key=lambda p: (-p[1], -p[0])
            )
        elif column.key == order[-1]:
            other = columns.get(order[-2])
            limit = other[1] if other else legal_col
            pick = _nearest([p for p in candidates if p[1] > limit], key=lambda p: (p[1], -p[0]))
        else:
            pick = _nearest(
                [p for p in candidates if p[1] > legal_col], key=lambda p: (p[1], -p[0])
            )
        if pick is None:
            located.missing.append(column.label)
        else:
            columns[column.key] = pick
    if located.missing:
        return located
    spans = {k: sheet.span(p) for k, p in columns.items()}
    first_data_col = min(s[1] for s in spans.values())
    header_bottom = max(s[2] for s in spans.values())
    previous = header_bottom
    for row in fmt.T3_ROWS:
        below = [p for p in sheet.find(row.label) if p[0] > previous and p[1] < first_data_col]
        label_pos = _nearest(below, key=lambda p: (p[0], -p[1]))
        if label_pos is None:
            located.missing.append(_t3_row_name(row))
            continue
        r0, _c0, r1, _c1 = sheet.span(label_pos)
        previous = r0
        for key, (_sr0, sc0, _sr1, sc1) in spans.items():
            located.cells[fmt.cell(fmt.T3, row.key, key)] = _value_at(
                sheet, range(r0, r1 + 1), range(sc0, sc1 + 1)
            )
    return located


def _locate_t4(sheet: _Sheet) -> _Located:
    located = _Located(sheet)
    groups: dict[str, tuple[int, int]] = {}
    for group in fmt.T4_GROUPS:
        found = sheet.find(group.label)
        if found:
            groups[group.key] = found[0]
        else:
            located.missing.append(group.label)
    if located.missing:
        located.missing.extend(f"{label}" for _k, label in fmt.T4_COLUMNS if not sheet.find(label))
        return located
    starts = sorted((p[1], k) for k, p in groups.items())
    spans: dict[str, tuple[int, int, int, int]] = {}
    for i, (start, key) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else sheet.span(groups[key])[3]
        end = max(end, start + len(fmt.T4_COLUMNS) - 1) if i + 1 == len(starts) else end
        top = groups[key][0]
        for col_key, label in fmt.T4_COLUMNS:
            candidates = [
                p for p in sheet.find(label) if top < p[0] <= top + 3 and start <= p[1] <= end
            ]
            pos = _nearest(candidates, key=lambda p: (p[0], p[1]))
            if pos is None:
                group_label = next(g.label for g in fmt.T4_GROUPS if g.key == key)
                located.missing.append(f"{group_label}下的「{label}」")
                continue
            spans[fmt.cell(fmt.T4, key, col_key)] = sheet.span(pos)
    if located.missing:
        return located
    bottom = max(s[2] for s in spans.values())
    left = min(s[1] for s in spans.values())
    right = max(s[3] for s in spans.values())
    data_row = bottom + 1
    for r in range(bottom + 1, bottom + 4):
        if sheet.first_value(range(r, r + 1), range(left, right + 1)) is not None:
            data_row = r
            break
    for address, (_r0, c0, _r1, c1) in spans.items():
        located.cells[address] = _value_at(sheet, range(data_row, data_row + 1), range(c0, c1 + 1))
    return located


_LOCATORS = {fmt.T2: _locate_t2, fmt.T3: _locate_t3, fmt.T4: _locate_t4}


# --------------------------------------------------------------------------------------------
# Import: reading the values


class _Unreadable(ValueError):
    pass


def _fee_from_float(value: float, number_format: str) -> str:
    match = re.search(r"0\.(0+)", number_format or "")
    if match:
        text = f"{value:.{len(match.group(1))}f}"
        if float(text) == value:
            return text
    try:
        exact = Decimal(repr(value))
    except InvalidOperation as exc:  # pragma: no cover - repr of a finite float always parses
        raise _Unreadable("不是金额") from exc
    text = format(exact, "f")
    if "." in text and len(text.split(".")[1]) > 12:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text


class CellState(Enum):
    """What an imported cell held."""

    NUMBER = "ok"  # a number, taken
    BLANK = "blank"  # nothing: 0 (a total is computed instead)
    NOT_APPLICABLE = "na"  # 「/」「—」「不适用」 or a 0 mark: 0


def _convert(address: str, value: Any, number_format: str) -> tuple[CellState, int | str]:
    """(what the cell held, its value) for a raw cell value; raises _Unreadable with the reason."""
    kind = fmt.VALUE_CELLS[address].kind
    zero: int | str = 0 if kind is fmt.CellKind.COUNT else "0"
    if value is None:
        return CellState.BLANK, zero
    if isinstance(value, bool):
        raise _Unreadable("是逻辑值，不是数字")
    if isinstance(value, int):
        if value < 0:
            raise _Unreadable("是负数")
        return CellState.NUMBER, (value if kind is fmt.CellKind.COUNT else str(value))
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0:
            raise _Unreadable("不是有效的非负数")
        if kind is fmt.CellKind.COUNT:
            if not value.is_integer():
                raise _Unreadable(f"“{value:g}”带小数，件数只能是整数")
            return CellState.NUMBER, int(value)
        return CellState.NUMBER, _fee_from_float(value, number_format)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        text = "".join(ch for ch in text if not ch.isspace())
        if not text:
            return CellState.BLANK, zero
        traits = fmt.TABLES[fmt.table_of(address)].traits
        if traits.not_applicable_marks and text in _NOT_APPLICABLE:
            return CellState.NOT_APPLICABLE, zero
        if zero_mark(address, text) is not None:  # 「-」「/」「无」 for none in tables 3 and 4
            return CellState.NOT_APPLICABLE, zero
        try:
            return CellState.NUMBER, _parse_input(address, text)
        except InputError as exc:
            raise _Unreadable(str(exc).rstrip("。")) from exc
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise _Unreadable("单元格格式是日期或时间，请把单元格格式改为“常规”或“数值”")
    raise _Unreadable("不是数字")


def _meta_from_info(sheets: Sequence[_Sheet], report: Report) -> str | None:
    for sheet in sheets:
        if sheet.title != INFO_SHEET:
            continue
        found: dict[str, Any] = {}
        for label in (
            fmt.AGENCY.label,
            fmt.SHORT_NAME.label,
            fmt.YEAR.label,
            fmt.TITLE.label,
            fmt.PUBLISH_DATE.label,
        ):
            positions = sheet.labels.get(normalise(label))
            if not positions:
                continue
            r, c = positions[0]
            hit = sheet.first_value(range(r, r + 1), range(c + 1, c + 4))
            found[label] = hit[1] if hit else ""
        agency = str(found.get(fmt.AGENCY.label, "") or "").strip()
        year = _year(found.get(fmt.YEAR.label))
        if not agency and year is None:
            continue
        short = str(found.get(fmt.SHORT_NAME.label, "") or "").strip()
        title = str(found.get(fmt.TITLE.label, "") or "").strip()
        report.meta.agency = agency[:200]
        report.meta.short_name = (short or derive_short_name(agency))[:200]
        report.meta.year = year
        if title and title != report.meta.default_title:
            report.meta.title = title[:200]
        date = str(found.get(fmt.PUBLISH_DATE.label, "") or "").strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            report.meta.publish_date = date
        return f"报告单位和年度取自工作表“{sheet.title}”。"
    return None


_TITLE_RE = re.compile(r"^(.{2,60}?)(\d{4})年度?" + re.escape(fmt.REPORT_TITLE_SUFFIX[1:]) + "$")


def _meta_from_title(sheets: Sequence[_Sheet], report: Report) -> str | None:
    for sheet in sheets:
        for pos, value in sorted(sheet.values.items()):
            if not isinstance(value, str) or len(value) > 100:
                continue
            text = "".join(unicodedata.normalize("NFKC", value).split())
            match = _TITLE_RE.match(text)
            year = _year(match.group(2)) if match else None
            if match and year is not None:
                name = match.group(1)
                report.meta.agency = name
                report.meta.short_name = derive_short_name(name)
                report.meta.year = year
                return (
                    f"报告单位“{name}”和年度 {year} 取自工作表“{sheet.title}”"
                    f"单元格 {_coordinate(pos)} 的标题，请核对报告单位的全称。"
                )
    return None


def _year(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is int and fmt.valid_year(value):
        return value
    return None


def _names(addresses: Iterable[str]) -> str:
    return "、".join(fmt.cell_name(a) for a in addresses)


def import_xlsx(path: str | os.PathLike[str]) -> ImportResult:
    """Read the official tables from any workbook into a new report.

    Raises ImportFailed (Chinese message) when the file is not a readable workbook, is too large,
    lacks a table, or holds a value that cannot be read; the message names every missing label
    and every unreadable cell.
    """
    source = Path(path)
    skip = _check_container(source)
    try:
        sheets, fee_exact, notes = _read_sheets(source, skip)
    except ImportFailed:
        raise
    except MemoryError as exc:
        raise ImportFailed(f"“{source.name}”太大，无法读取。") from exc
    except Exception as exc:  # openpyxl and the XML parser raise many kinds on broken files
        raise ImportFailed(
            f"无法读取“{source.name}”：文件不是有效的 Excel 工作簿，或者已经损坏。"
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。"
        ) from exc
    if not sheets and skip:
        raise ImportFailed(
            f"“{source.name}”里的工作表都很大（每张超过 {MAX_SHEET_XML_BYTES // 1024 // 1024} MB，"
            "例如有几十万行），不像是年度报告的统计表，没有在其中查找。"
            "请把三张统计表复制到一个新的工作簿后再导入。"
        )
    if not sheets:
        raise ImportFailed(f"“{source.name}”中没有可以读取的工作表。")

    report = Report.blank()
    problems: list[str] = []
    unreadable: list[str] = []
    blanks: list[str] = []
    not_applicable: list[str] = []
    computed: list[str] = []
    for key, locate in _LOCATORS.items():
        attempts = [locate(sheet) for sheet in sheets]
        complete = [a for a in attempts if not a.missing]
        heading = fmt.table_section(key).heading
        name = f"{fmt.TABLES[key].traits.name}（{heading.split('、', 1)[-1]}）"
        if not complete:
            best = min(attempts, key=lambda a: len(a.missing))
            labels = "".join(f"「{m}」" for m in best.missing)
            where = f"（最接近的是工作表“{best.sheet.title}”）" if len(sheets) > 1 else ""
            problems.append(f"{name}：找不到{labels}{where}")
            continue
        located = complete[0]
        taken = 0
        for address in fmt.TABLES[key].addresses():
            pos, raw = located.cells[address]
            number_format = located.sheet.formats.get(pos, "General") if pos else "General"
            try:
                status, value = _convert(address, raw, number_format)
            except _Unreadable as exc:
                where = f"工作表“{located.sheet.title}”单元格 {_coordinate(pos) if pos else ''}"
                shown = str(raw)[:30]
                unreadable.append(f"「{fmt.cell_name(address)}」（{where}，内容“{shown}”）：{exc}")
                continue
            if (
                address == FEE_ADDRESS
                and isinstance(raw, float)
                and isinstance(fee_exact, str)
                and _exact_fee(fee_exact, raw)
            ):
                value = fee_exact.strip('"')
            if status is CellState.BLANK:
                if fmt.VALUE_CELLS[address].is_total:
                    computed.append(address)
                else:
                    blanks.append(address)
            elif status is CellState.NOT_APPLICABLE:
                not_applicable.append(address)
            taken += status is CellState.NUMBER
            report.cells[address] = value
        notes.append(f"{name}取自工作表“{located.sheet.title}”，读取 {taken} 个数字。")
    if problems or unreadable:
        lines = ["没有从这个工作簿中导入任何内容："]
        if problems:
            lines.append("找不到以下统计表的标签（可能不是年度报告的统计表，或表格格式不同）：")
            lines += [f"  {p}" for p in problems]
            lines += [f"  {n}" for n in notes]  # e.g. the sheets too big to look into
        if unreadable:
            lines.append("以下单元格不能读取为数字：")
            lines += [f"  {u}" for u in unreadable]
        lines.append("请在 Excel 或 WPS 中修改后再导入。")
        raise ImportFailed("\n".join(lines))

    for address in computed:
        parts = [report.count(p) for p in fmt.VALUE_CELLS[address].parts]
        if all(p is not None for p in parts):
            report.cells[address] = sum(p for p in parts if p is not None)
    if computed:
        notes.append(f"以下合计单元格是空的，已按各项相加填入：{_names(computed)}。")
    if blanks:
        notes.append(f"以下 {len(blanks)} 个单元格是空的，按 0 计：{_names(blanks)}。")
    if not_applicable:
        notes.append(f"以下单元格标为不适用（如“/”“—”），按 0 计：{_names(not_applicable)}。")
    meta_note = _meta_from_info(sheets, report) or _meta_from_title(sheets, report)
    notes.append(meta_note or "工作簿中没有找到报告单位和年度，请在“基本信息”中填写。")
    clean = Cleaner()
    meta = report.meta
    meta.agency = clean(meta.agency, fmt.AGENCY.label)
    meta.short_name = clean(meta.short_name, fmt.SHORT_NAME.label)
    meta.title = clean(meta.title, fmt.TITLE.label)
    notes.extend(clean.notes)
    return ImportResult(report, notes)


def _exact_fee(text: str, value: float) -> bool:
    candidate = text.strip('"')
    if not is_valid(FEE_ADDRESS, candidate):
        return False
    try:
        return float(candidate) == value
    except ValueError:  # pragma: no cover - is_valid admits only digits and a point
        return False


def iter_table_sheets() -> Iterator[tuple[str, str]]:
    """(table key, sheet title) of the exported workbook, in order."""
    for key in fmt.TABLES:
        yield key, sheet_title(key)
