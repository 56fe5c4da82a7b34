"""Reading the official tables from any Excel workbook (.xlsx).

Hostile files are refused before openpyxl parses them (size, zip bomb, malformed zip, password),
openpyxl reads in read-only mode with defusedxml, and every sheet is scanned only within fixed
bounds; formulas without saved results are computed (:mod:`gaidesk.importer.formulas`). Each
sheet becomes a :class:`~gaidesk.importer.grid.Grid` in which the tables are found by their
labels. openpyxl is imported only inside the functions that need it.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gaidesk import format as fmt
from gaidesk.errors import ImportFailed
from gaidesk.fsutil import describe_os_error
from gaidesk.importer.formulas import SCAN_COLS, SCAN_ROWS, fill_formulas, sheet_xml
from gaidesk.importer.grid import Grid, excel_place, normalise
from gaidesk.importer.result import ImportResult
from gaidesk.importer.tables import (
    WORKBOOK,
    clean_meta,
    read_tables,
    title_meta,
    unread_meta,
    year_of,
)
from gaidesk.model import Report, derive_short_name
from gaidesk.workbook import FEE_NAME, INFO_SHEET

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 20 * 1024 * 1024  # any one part except worksheets (those are skipped)
MAX_SHEET_XML_BYTES = 5 * 1024 * 1024  # a sheet larger than this is not scanned
MAX_RATIO = 200  # uncompressed / compressed, for parts above 1 MB
MAX_MEMBERS = 5000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def check_container(path: Path) -> list[str]:
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


def read_sheets(path: Path, skip_parts: Sequence[str]) -> tuple[list[Grid], Any, list[str]]:
    """Every scannable sheet's non-empty cells (within bounds) and merges; the defined names."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise ImportFailed("缺少安全读取 Excel 所需的组件（defusedxml），请重新安装 gaidesk。")
    notes: list[str] = []
    with open(path, "rb") as handle:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        try:
            return scan(path, workbook, skip_parts, notes)
        finally:
            workbook.close()


def scan(
    path: Path, workbook: Any, skip_parts: Sequence[str], notes: list[str]
) -> tuple[list[Grid], Any, list[str]]:
    """Read every sheet within the scan bounds (openpyxl's read-only stream)."""
    sheets: list[Grid] = []
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
        merges, formulas = sheet_xml(path, part) if part else ({}, {})
        if formulas:
            computed = fill_formulas(values, formulas)
            for pos in formulas:
                formats.setdefault(pos, "General")
            notes.append(
                f"工作表“{ws.title}”中有 {computed} 个公式没有保存计算结果，已按公式算出"
                "（gaidesk 能算的只有单元格和数字相加、SUM），请核对。"
            )
        sheets.append(Grid(ws.title, values, formats, merges))
    names = workbook.defined_names
    exact = names.get(FEE_NAME) if hasattr(names, "get") else None
    fee_exact = exact.attr_text if exact is not None else None
    return sheets, fee_exact, notes


def meta_from_info(sheets: Sequence[Grid], report: Report) -> str | None:
    """Take body, year and title from a 「报告信息」 sheet; a note saying so, or None."""
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
        year = year_of(found.get(fmt.YEAR.label))
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


def meta_from_title(sheets: Sequence[Grid], report: Report) -> str | None:
    """Body and year from a title cell 「{单位}{年度}年…年度报告」; a note saying so, or None."""
    for sheet in sheets:
        for pos, value in sorted(sheet.values.items()):
            if not isinstance(value, str) or len(value) > 100:
                continue
            found = title_meta(value, whole=True)
            if found is not None:
                name, year = found
                report.meta.agency = name
                report.meta.short_name = derive_short_name(name)
                report.meta.year = year
                return (
                    f"报告单位“{name}”和年度 {year} 取自工作表“{sheet.title}”"
                    f"单元格 {excel_place(pos)} 的标题，请核对报告单位的全称。"
                )
    return None


def import_xlsx(path: str | os.PathLike[str]) -> ImportResult:
    """Read the official tables from any workbook into a new report.

    Raises ImportFailed (Chinese message) when the file is not a readable workbook, is too large,
    lacks a table, or holds a value that cannot be read; the message names every missing label
    and every unreadable cell.
    """
    source = Path(path)
    skip = check_container(source)
    try:
        sheets, fee_exact, notes = read_sheets(source, skip)
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
    exact = fee_exact if isinstance(fee_exact, str) else None
    unread = read_tables(sheets, report, notes, WORKBOOK, fee_exact=exact)
    meta_note = meta_from_info(sheets, report) or meta_from_title(sheets, report)
    notes.append(meta_note or "工作簿中没有找到报告单位和年度，请在“基本信息”中填写。")
    clean_meta(report, notes)
    unread += [part.address for part in fmt.TEXT_PARTS]  # a workbook holds no narrative
    return ImportResult(report, notes, unread + unread_meta(report))
