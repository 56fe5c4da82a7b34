"""The report the clerk edits: meta, narrative and every table cell.

Cells are held in one flat mapping from address (``t3.new.natural``) to value, so the rules and
the editors address them the same way. A value is what the draft holds: an ``int`` for a count,
the exact decimal string for the fee, or, for a file made elsewhere, whatever raw value it had
(``None`` for a missing cell) so that the rules can name it instead of the loader guessing.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from gaidesk import format as fmt
from gaidesk.cleantext import clean

CellValue = int | str | float | bool | None | list[Any] | dict[str, Any]

# Counts beyond this are typing errors, not townships; the limit keeps sums exact and cells sane.
MAX_COUNT = 10**12
_DECIMAL_RE = re.compile(r"\d{1,15}(?:\.\d{1,12})?")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def is_valid(address: str, value: CellValue) -> bool:
    """Whether a value is acceptable for a cell (VALUE-INVALID holds)."""
    kind = fmt.VALUE_CELLS[address].kind
    if kind is fmt.CellKind.COUNT:
        return type(value) is int and 0 <= value <= MAX_COUNT
    return isinstance(value, str) and _DECIMAL_RE.fullmatch(value) is not None


# What WPS and Excel users write for "none" in a statistics table: in tables 3 and 4 these mean 0
# (a dash, a slash, 「无」; NFKC has already made full-width forms ASCII).
_ZERO_MARK_RE = re.compile(r"[-\u2010-\u2015\u2212/]{1,2}|无")  # hyphens, dashes, minus


def zero_mark(address: str, text: str) -> str | None:
    """The 「-」「—」「/」「无」 a clerk wrote for 0 in a cell of table 3 or 4, or None."""
    table = fmt.TABLES.get(fmt.table_of(address))
    if table is None or not table.traits.zero_marks:
        return None
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())
    return cleaned if _ZERO_MARK_RE.fullmatch(cleaned) else None


class InputError(ValueError):
    """Text typed into a cell that cannot be a value of that cell; the message is Chinese."""


def parse_cell_input(address: str, text: str) -> int | str:
    """Turn what the clerk typed (or pasted) into a cell value.

    Full-width digits, thousands separators and stray spaces are understood, 「1.0」 is 1, and
    「-」「—」「/」「无」 in tables 3 and 4 are 0 (zero_mark); letters, negative numbers and
    fractions in a count cell are refused with a plain message.
    """
    kind = fmt.VALUE_CELLS[address].kind
    if zero_mark(address, text) is not None:
        return 0 if kind is fmt.CellKind.COUNT else "0"
    cleaned = unicodedata.normalize("NFKC", text)
    cleaned = "".join(ch for ch in cleaned if not ch.isspace()).replace("。", ".")
    if cleaned == "":
        return 0 if kind is fmt.CellKind.COUNT else "0"
    if cleaned[0] in "-−":  # NFKC has already turned the full-width minus into "-"
        raise InputError(
            "不能填负数，请填 0 或正整数。" if kind is fmt.CellKind.COUNT else "金额不能为负数。"
        )
    if "," in cleaned:
        if _THOUSANDS_RE.fullmatch(cleaned) is None:
            raise InputError("逗号的位置不像千位分隔符，请写成不带逗号的数字。")
        cleaned = cleaned.replace(",", "")
    if kind is fmt.CellKind.COUNT:
        whole = re.fullmatch(r"(\d+)\.0*", cleaned)  # 「1.0」 from a spreadsheet is 1
        if whole is not None:
            cleaned = whole.group(1)
        elif re.fullmatch(r"\d+\.\d*|\.\d+", cleaned):
            raise InputError("这里填件数，只能是整数，不能有小数。")
        if not cleaned.isascii() or not cleaned.isdigit():
            raise InputError(f"“{text.strip()}”不是数字，这里只能填整数。")
        # Compared by length first: Python refuses to read an integer of over 4300 digits.
        if len(cleaned.lstrip("0")) > len(str(MAX_COUNT)) or int(cleaned) > MAX_COUNT:
            raise InputError("数字太大，请检查是否多打了位数。")
        value = int(cleaned)
        return value
    if not cleaned.isascii() or _DECIMAL_RE.fullmatch(cleaned) is None:
        raise InputError(f"“{text.strip()}”不是金额，请填数字，单位为万元，例如 0 或 12.5。")
    return cleaned


def format_value(value: CellValue) -> str:
    """How a stored value is shown in a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@dataclass
class Meta:
    """The report's basic information (format §1)."""

    agency: str = ""  # 报告单位, e.g. 大寨镇人民政府
    short_name: str = ""  # 单位简称 used in lists and messages, e.g. 大寨镇
    year: int | None = None
    title: str = ""  # "" means the default title
    publish_date: str = ""  # ISO date, "" when not yet known

    @property
    def display_name(self) -> str:
        """The name used in lists and messages: the short name, else the full name."""
        return self.short_name or self.agency

    @property
    def default_title(self) -> str:
        """The official title, with the body's full name (the short one while no full name)."""
        return fmt.default_title(self.agency or self.short_name, self.year)

    @property
    def effective_title(self) -> str:
        """The title as printed: the clerk's own, else the official default."""
        return self.title or self.default_title


def _zero_cells() -> dict[str, CellValue]:
    return {a: (0 if c.kind is fmt.CellKind.COUNT else "0") for a, c in fmt.VALUE_CELLS.items()}


BASIC = "basic"  # 基本信息: the body, the year, the title, the date and the lead paragraph
PARTS: tuple[str, ...] = (BASIC, *(s.number for s in fmt.SECTIONS))


@dataclass
class Review:
    """What the clerk has looked at (see review.py): parts filled in or checked, warnings
    confirmed."""

    filled: set[str] = field(default_factory=set)  # parts touched or checked (PARTS)
    confirmed: set[str] = field(default_factory=set)  # warnings confirmed (finding_key)

    @classmethod
    def legacy(cls) -> Review:
        """A draft from before the review was kept: all of it counts as filled in."""
        return cls(filled=set(PARTS))


@dataclass
class Report:
    """One annual report: basic information, narrative parts, sub-headings and cells."""

    meta: Meta = field(default_factory=Meta)
    text: dict[str, str] = field(default_factory=lambda: {p.key: "" for p in fmt.TEXT_PARTS})
    # Clerk's own sub-headings for retitlable parts, without the number; absent = official.
    titles: dict[str, str] = field(default_factory=dict)
    cells: dict[str, CellValue] = field(default_factory=_zero_cells)
    # The part of the document as read that this version does not know: it survives a save.
    extra: dict[str, Any] = field(default_factory=dict)
    # What she has filled in and confirmed; a report made without the wizard counts as seen.
    review: Review = field(default_factory=Review.legacy)
    # What reading the report changed, for the clerk (e.g. characters removed); never saved.
    notes: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def blank(cls, agency: str = "", year: int | None = None, short_name: str = "") -> Report:
        """A new, empty report; what no file can hold is left out of the names (from a dialog,
        the command line, last year's report)."""
        agency, _ = clean(agency)
        short_name, _ = clean(short_name)
        report = cls(
            meta=Meta(agency=agency, short_name=short_name or derive_short_name(agency), year=year)
        )
        report.text[fmt.FEE_PART.key] = ""
        report.review = Review()  # a new report: nothing filled in yet
        return report

    def copy(self) -> Report:
        """A deep copy."""
        return copy.deepcopy(self)

    def title_of(self, part_key: str) -> str:
        """The sub-heading of a part as printed, number included."""
        part = fmt.TEXT_PART_BY_KEY[part_key]
        return part.number + (self.titles.get(part_key) or part.title)

    def count(self, address: str) -> int | None:
        """The value of a count cell, or None when it does not hold a valid count."""
        value = self.cells.get(address)
        return value if is_valid(address, value) and isinstance(value, int) else None

    def set_cell(self, address: str, value: CellValue) -> list[str]:
        """Set a cell and recompute the totals that depend on it; returns every changed address."""
        if address not in fmt.VALUE_CELLS:
            raise KeyError(address)
        changed = [] if self.cells.get(address) == value else [address]
        self.cells[address] = value
        for total in dependent_totals(address):
            if self._compute_total(total):
                changed.append(total)
        return changed

    def recompute_totals(self) -> list[str]:
        """Compute every total from its parts; returns the addresses that changed."""
        return [a for a in fmt.TOTAL_ADDRESSES if self._compute_total(a)]

    def _compute_total(self, address: str) -> bool:
        parts = fmt.VALUE_CELLS[address].parts
        values = [self.count(p) for p in parts]
        if any(v is None for v in values):
            return False
        total = sum(v for v in values if v is not None)
        if self.cells.get(address) == total and type(self.cells.get(address)) is int:
            return False
        self.cells[address] = total
        return True


def _build_dependents() -> dict[str, tuple[str, ...]]:
    """For each cell, the totals to recompute after it changes, in computing order."""
    direct: dict[str, list[str]] = {}
    for total in fmt.TOTAL_ADDRESSES:
        for part in fmt.VALUE_CELLS[total].parts:
            direct.setdefault(part, []).append(total)
    order = {a: i for i, a in enumerate(fmt.TOTAL_ADDRESSES)}
    result: dict[str, tuple[str, ...]] = {}
    for address in fmt.VALUE_CELLS:
        seen: set[str] = set()
        stack = list(direct.get(address, ()))
        while stack:
            t = stack.pop()
            if t not in seen:
                seen.add(t)
                stack.extend(direct.get(t, ()))
        result[address] = tuple(sorted(seen, key=order.__getitem__))
    return result


_DEPENDENTS = _build_dependents()


def dependent_totals(address: str) -> tuple[str, ...]:
    """The totals whose sum includes this cell, innermost first."""
    return _DEPENDENTS[address]


_SUFFIXES = ("人民政府", "办事处", "管理委员会")


def derive_short_name(agency: str) -> str:
    """大寨镇人民政府 → 大寨镇; 某某街道办事处 → 某某街道."""
    for suffix in _SUFFIXES:
        if agency.endswith(suffix) and len(agency) > len(suffix):
            return agency[: -len(suffix)]
    return agency
