"""What an imported cell holds, turned into a value of the report.

The same rules for a workbook's cells (numbers, dates, text) and a web page's (always text):
a number is taken; an empty cell is 0 (a total is added up instead); a cell holding only
dashes or slashes (「-」「—」「——」「/」…) or 「不适用」 means the item does not apply or is
none, and is 0 (「-」 alone is such a dash, never a negative number); anything else is refused
with the reason.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from gaidesk import format as fmt
from gaidesk.model import InputError, parse_cell_input, zero_mark

NOT_APPLICABLE_WORD = "不适用"
# Hyphens, dashes, minus signs, box-drawing lines, the long-vowel mark and slashes: what clerks
# and editors put in a cell for "none" (after NFKC, which turns 「－」「／」 into 「-」「/」).
_DASHES = re.compile(r"[-\u2010-\u2015\u2212\u2500\u2501\u30fc\ufe58\ufe63/\\]+")


def is_dash(text: str) -> bool:
    """True for a cell text made only of dashes or slashes (spaces already removed)."""
    return _DASHES.fullmatch(text) is not None


class Unreadable(ValueError):
    """A cell whose content cannot be read as the value its place needs."""

    pass


def fee_from_float(value: float, number_format: str) -> str:
    """The fee's digits as the cell showed them (its number format's decimals)."""
    match = re.search(r"0\.(0+)", number_format or "")
    if match:
        text = f"{value:.{len(match.group(1))}f}"
        if float(text) == value:
            return text
    try:
        exact = Decimal(repr(value))
    except InvalidOperation as exc:  # pragma: no cover - repr of a finite float always parses
        raise Unreadable("不是金额") from exc
    text = format(exact, "f")
    if "." in text and len(text.split(".")[1]) > 12:
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text


class CellState(Enum):
    """What an imported cell held."""

    NUMBER = "ok"  # a number, taken
    BLANK = "blank"  # nothing: 0 (a total is computed instead)
    NOT_APPLICABLE = "na"  # 「/」「—」「不适用」 or a 0 mark: 0


def convert(address: str, value: Any, number_format: str) -> tuple[CellState, int | str]:
    """(what the cell held, its value) for a raw cell value; raises Unreadable with the reason."""
    kind = fmt.VALUE_CELLS[address].kind
    zero: int | str = 0 if kind is fmt.CellKind.COUNT else "0"
    if value is None:
        return CellState.BLANK, zero
    if isinstance(value, bool):
        raise Unreadable("是逻辑值，不是数字")
    if isinstance(value, int):
        if value < 0:
            raise Unreadable("是负数")
        return CellState.NUMBER, (value if kind is fmt.CellKind.COUNT else str(value))
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0:
            raise Unreadable("不是有效的非负数")
        if kind is fmt.CellKind.COUNT:
            if not value.is_integer():
                raise Unreadable(f"“{value:g}”带小数，件数只能是整数")
            return CellState.NUMBER, int(value)
        return CellState.NUMBER, fee_from_float(value, number_format)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        text = "".join(ch for ch in text if not ch.isspace())
        if not text:
            return CellState.BLANK, zero
        traits = fmt.TABLES[fmt.table_of(address)].traits
        marks_none = traits.not_applicable_marks or traits.zero_marks
        if marks_none and (is_dash(text) or text == NOT_APPLICABLE_WORD):
            return CellState.NOT_APPLICABLE, zero
        if zero_mark(address, text) is not None:  # 「无」 for none in tables 3 and 4
            return CellState.NOT_APPLICABLE, zero
        try:
            return CellState.NUMBER, parse_cell_input(address, text)
        except InputError as exc:
            raise Unreadable(str(exc).rstrip("。")) from exc
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise Unreadable("单元格格式是日期或时间，请把单元格格式改为“常规”或“数值”")
    raise Unreadable("不是数字")
