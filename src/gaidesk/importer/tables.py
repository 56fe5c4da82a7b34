"""The three tables read from located grids into a new report, with notes in Chinese.

Shared by every source: each table is looked for in every grid; the first grid that holds all
its labels gives its values; what cannot be found or read is collected, and nothing is imported
when anything is missing (the message names every missing label and unreadable cell).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gaidesk import format as fmt
from gaidesk.cleantext import Cleaner
from gaidesk.errors import ImportFailed
from gaidesk.importer.convert import CellState, Unreadable, convert
from gaidesk.importer.grid import Grid
from gaidesk.importer.locate import LOCATORS, OLDER_LAYOUTS, OlderLayout
from gaidesk.model import Report, is_valid

_TITLE = re.compile(r"(.{2,60}?)(\d{4})年度?政府信息公开(?:工作)?年度?报告")
_YEAR_FIRST = re.compile(r"(\d{4})年度?(.{2,60}?)政府信息公开(?:工作)?年度?报告")
NAMED_CELLS_AT_MOST = 6  # a note names the cells when there are this few, else counts them


@dataclass(frozen=True)
class Source:
    """Words for the kind of file the tables come from."""

    noun: str  # 「工作簿」, 「网页」
    how_to_fix: str  # the last line of a refusal


WORKBOOK = Source("工作簿", "请在 Excel 或 WPS 中修改后再导入。")


def table_name(key: str) -> str:
    """「表三（收到和处理政府信息公开申请情况）」."""
    heading = fmt.table_section(key).heading
    return f"{fmt.TABLES[key].traits.name}（{heading.split('、', 1)[-1]}）"


def names(addresses: Iterable[str]) -> str:
    """The cells' official names joined for a message."""
    return "、".join(fmt.cell_name(a) for a in addresses)


def _cells_note(addresses: Sequence[str], what: str, *, cells: str = "单元格") -> str:
    """「表三有 3 个单元格{what}：A、B、C。」, or with a count only when there are many: one
    note per table, however many cells."""
    table = fmt.TABLES[fmt.table_of(addresses[0])].traits.name
    if len(addresses) <= NAMED_CELLS_AT_MOST:
        return f"{table}有 {len(addresses)} 个{cells}{what}：{names(addresses)}。"
    return f"{table}有 {len(addresses)} 个{cells}{what}。"


def read_tables(
    grids: Sequence[Grid],
    report: Report,
    notes: list[str],
    source: Source,
    *,
    tables: Sequence[str] = tuple(fmt.TABLES),
    fee_exact: str | None = None,
) -> list[str]:
    """Fill ``report``'s cells of ``tables`` from ``grids``; notes say what was taken from
    where; ImportFailed names everything missing or unreadable. ``fee_exact`` is the fee's
    exact digits as a workbook exported by gaidesk keeps them beside the rounded number.
    Returns the addresses of the cells the grids' layout has no place for (left at 0)."""
    problems: list[str] = []
    unreadable: list[str] = []
    computed: list[str] = []
    unread: list[str] = []
    blanks: dict[str, list[str]] = {}
    dashes: dict[str, list[str]] = {}
    for key in tables:
        locate = LOCATORS[key]
        attempts = [locate(grid) for grid in grids]
        complete = [a for a in attempts if not a.missing]
        name = table_name(key)
        layout: OlderLayout | None = None
        for older in () if complete else OLDER_LAYOUTS.get(key, ()):
            found = [a for a in (older.locate(grid) for grid in grids) if not a.missing]
            if found:
                complete, layout = found[:1], older
                break
        if not complete:
            best = min(attempts, key=lambda a: len(a.missing))
            labels = "".join(f"「{m}」" for m in best.missing)
            where = f"（最接近的是{best.grid.name}）" if len(grids) > 1 else ""
            problems.append(f"{name}：找不到{labels}{where}")
            continue
        located = complete[0]
        grid = located.grid
        taken = 0
        left_out = [a for a in fmt.TABLES[key].addresses() if a not in located.cells]
        unread += left_out
        for address in fmt.TABLES[key].addresses():
            if address in left_out:
                continue
            pos, raw = located.cells[address]
            number_format = grid.formats.get(pos, "General") if pos else "General"
            try:
                status, value = convert(address, raw, number_format)
            except Unreadable as exc:
                where = f"{grid.name}{grid.place(pos) if pos else ''}"
                shown = str(raw)[:30]
                unreadable.append(f"「{fmt.cell_name(address)}」（{where}，内容“{shown}”）：{exc}")
                continue
            if (
                address == fmt.FEE_ADDRESS
                and isinstance(raw, float)
                and fee_exact is not None
                and _exact_fee(fee_exact, raw)
            ):
                value = fee_exact.strip('"')
            if status is CellState.BLANK:
                if fmt.VALUE_CELLS[address].is_total:
                    computed.append(address)
                else:
                    blanks.setdefault(key, []).append(address)
            elif status is CellState.NOT_APPLICABLE:
                dashes.setdefault(key, []).append(address)
            taken += status is CellState.NUMBER
            report.cells[address] = value
        notes.append(f"{name}取自{grid.source}，读取 {taken} 个数字。")
        if layout is not None:
            notes.append(
                f"{fmt.TABLES[key].traits.name}是{layout.name}的表格，与现行格式不同："
                f"{layout.differences}；"
                + _cells_note(left_out, f"在{layout.name}表格中没有，按 0 计，请核对补填")
            )
    if problems or unreadable:
        lines = [f"没有从这个{source.noun}中导入任何内容："]
        if problems:
            lines.append("找不到以下统计表的标签（可能不是年度报告的统计表，或表格格式不同）：")
            lines += [f"  {p}" for p in problems]
            lines += [f"  {n}" for n in notes]  # e.g. the sheets too big to look into
        if unreadable:
            lines.append("以下单元格不能读取为数字：")
            lines += [f"  {u}" for u in unreadable]
        lines.append(source.how_to_fix)
        raise ImportFailed("\n".join(lines))

    for address in computed:
        parts = [report.count(p) for p in fmt.VALUE_CELLS[address].parts]
        if all(p is not None for p in parts):
            report.cells[address] = sum(p for p in parts if p is not None)
    for key in tables:
        empty_totals = [a for a in computed if fmt.table_of(a) == key]
        if empty_totals:
            notes.append(_cells_note(empty_totals, "是空的，已按各项相加填入", cells="合计单元格"))
    for cells in blanks.values():
        notes.append(_cells_note(cells, "是空的，按 0 计"))
    for cells in dashes.values():
        notes.append(_cells_note(cells, "填的是“/”“—”“不适用”等（表示没有），按 0 计"))
    return unread


def _exact_fee(text: str, value: float) -> bool:
    candidate = text.strip('"')
    if not is_valid(fmt.FEE_ADDRESS, candidate):
        return False
    try:
        return float(candidate) == value
    except ValueError:  # pragma: no cover - is_valid admits only digits and a point
        return False


def year_of(value: Any) -> int | None:
    """A valid report year from a number or digits, else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is int and fmt.valid_year(value):
        return value
    return None


def title_meta(text: str, *, whole: bool) -> tuple[str, int] | None:
    """(body, year) from a report's title such as 「城关镇2024年政府信息公开工作年度报告」
    (also 「…年度政府信息公开年度报告」); ``whole``: the text must be the title and nothing else,
    otherwise the title may stand at its start (a page title 「…年度报告-沭阳县发改局」)."""
    if len(text) > 200:
        return None
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    match = _TITLE.fullmatch(flat) if whole else _TITLE.match(flat)
    if match is not None:
        name, year = match.group(1), year_of(match.group(2))
    else:  # 「2019年上海市人民政府办公厅政府信息公开工作年度报告」
        match = _YEAR_FIRST.fullmatch(flat) if whole else _YEAR_FIRST.match(flat)
        name, year = (match.group(2), year_of(match.group(1))) if match else ("", None)
    name = name.lstrip("《「“『【")
    return (name, year) if year is not None and len(name) >= 2 else None


def clean_meta(report: Report, notes: list[str]) -> None:
    """Clean the names read from a file as a typed name is cleaned; notes say what changed."""
    clean = Cleaner()
    meta = report.meta
    meta.agency = clean(meta.agency, fmt.AGENCY.label)
    meta.short_name = clean(meta.short_name, fmt.SHORT_NAME.label)
    meta.title = clean(meta.title, fmt.TITLE.label)
    notes.extend(clean.notes)


def unread_meta(report: Report) -> list[str]:
    """The addresses of the body and the year when the file named neither."""
    return [f.address for f in (fmt.AGENCY, fmt.YEAR) if not getattr(report.meta, f.key)]
