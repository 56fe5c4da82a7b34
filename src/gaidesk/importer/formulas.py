"""Formulas without saved results in a workbook: computed from the values the sheet holds.

Scripts and some tools write formulas without their results; gaidesk computes sums of cells and
numbers and SUM over cells and ranges, and refuses anything else with a clear message.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gaidesk.errors import ImportFailed
from gaidesk.importer.grid import Position, Span, excel_place

SCAN_ROWS = 1000  # the tables are looked for within these rows and columns of a sheet
SCAN_COLS = 100
FORMULAS_WITHOUT_RESULTS = (
    "这个工作簿里的公式没有保存计算结果：请用 Excel 或 WPS 打开并保存后再导入"
)
MAX_FORMULA_RANGE = 10_000  # cells one SUM range may cover when gaidesk computes it


@dataclass
class Formula:
    """A cell's formula as the sheet's XML holds it."""

    text: str  # without the leading "="; "" for a cell that shares another's formula
    shared: str | None = None  # the shared formula's group (si)


def sheet_xml(path: Path, part: str) -> tuple[dict[Position, Span], dict[Position, Formula]]:
    """The merged ranges of one worksheet part and, within the scan bounds, its formulas that
    have no saved result (with every shared formula's master); read with defusedxml as a stream.
    """
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    merges: dict[Position, Span] = {}
    formulas: dict[Position, Formula] = {}
    masters: dict[str, tuple[Position, str]] = {}
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
                found = uncached_formula(elem, masters, coordinate_to_tuple)
                if found is not None and len(formulas) < 100_000:
                    formulas[found[0]] = found[1]
            if tag not in ("mergeCells", "f", "v", "is", "t", "r"):
                elem.clear()
    for pos, formula in formulas.items():
        if formula.shared is not None and not formula.text and formula.shared in masters:
            origin, text = masters[formula.shared]
            formula.text = translated(text, origin, pos)
    return merges, formulas


def uncached_formula(
    cell: Any, masters: dict[str, tuple[Position, str]], to_tuple: Any
) -> tuple[Position, Formula] | None:
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
        pos: Position = to_tuple(cell.get("r", ""))
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
    return pos, Formula(text, shared)


def translated(text: str, origin: Position, pos: Position) -> str:
    """A shared formula as it reads in another cell of its group."""
    from openpyxl.formula.translate import Translator

    try:
        moved = Translator("=" + text, origin=excel_place(origin)).translate_formula(
            excel_place(pos)
        )
    except Exception:  # an unusual formula openpyxl cannot move: left uncomputable
        return ""
    return str(moved).removeprefix("=")


FORMULA_TOKEN = re.compile(
    r"\s*(?:(?P<sum>SUM)\s*\(|(?P<ref>\$?[A-Z]{1,3}\$?\d{1,7})"
    r"|(?P<num>\d+(?:\.\d+)?)|(?P<op>[+,:()]))",
    re.IGNORECASE,
)


class NotComputable(ValueError):
    """A formula that does more than add, so it cannot be computed here."""

    pass


def tokens_of(text: str) -> list[tuple[str, str]]:
    """The tokens of a formula: references, ranges, numbers, operators and functions."""
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = FORMULA_TOKEN.match(text, at)
        if match is None or match.end() == at:
            raise NotComputable(text)
        kind = match.lastgroup or ""
        tokens.append((kind, (match.group(kind) or "").upper()))
        at = match.end()
    return tokens


class FormulaSheet:
    """Computes formulas without saved results from the values a sheet holds: sums of cells,
    numbers and SUM over cells and ranges (what scripts and some tools write); anything else
    is not computable."""

    def __init__(self, values: dict[Position, Any], formulas: dict[Position, Formula]) -> None:
        self.values = values
        self.formulas = formulas
        self.done: dict[Position, float] = {}
        self.busy: set[Position] = set()

    def value(self, pos: Position, *, in_sum: bool) -> float:
        """A cell's value: its cached number, or its formula computed."""
        if pos in self.formulas:
            return self.compute(pos)
        value = self.values.get(pos)
        if value is None:
            return 0.0  # an empty cell counts as 0, as in Excel
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if in_sum and isinstance(value, str):
            return 0.0  # SUM passes over text, as in Excel
        raise NotComputable(pos)

    def compute(self, pos: Position) -> float:
        """A formula's value, computed once; NotComputable for a cycle or an unknown function."""
        if pos in self.done:
            return self.done[pos]
        if pos in self.busy:
            raise NotComputable("circular")
        self.busy.add(pos)
        tokens = tokens_of(self.formulas[pos].text)
        if not tokens:
            raise NotComputable(pos)
        total, at = 0.0, 0
        while True:
            value, at = self._term(tokens, at)
            total += value
            if at == len(tokens):
                break
            if tokens[at] != ("op", "+"):
                raise NotComputable(pos)
            at += 1
        self.busy.discard(pos)
        self.done[pos] = total
        return total

    def _term(self, tokens: list[tuple[str, str]], at: int) -> tuple[float, int]:
        kind, text = tokens[at] if at < len(tokens) else ("", "")
        if kind == "num":
            return float(text), at + 1
        if kind == "ref":
            return self.value(cell_ref(text), in_sum=False), at + 1
        if kind != "sum":
            raise NotComputable(text)
        at += 1
        total = 0.0
        while True:
            kind, text = tokens[at] if at < len(tokens) else ("", "")
            if kind == "num":
                total += float(text)
                at += 1
            elif kind == "ref":
                first = cell_ref(text)
                last = first
                if tokens[at + 1 : at + 2] == [("op", ":")]:
                    if at + 2 >= len(tokens) or tokens[at + 2][0] != "ref":
                        raise NotComputable(text)
                    last = cell_ref(tokens[at + 2][1])
                    at += 2
                at += 1
                total += self._range(first, last)
            else:
                raise NotComputable(text)
            step = tokens[at] if at < len(tokens) else ("", "")
            at += 1
            if step == ("op", ")"):
                return total, at
            if step != ("op", ","):
                raise NotComputable(step[1])

    def _range(self, first: Position, last: Position) -> float:
        r0, r1 = sorted((first[0], last[0]))
        c0, c1 = sorted((first[1], last[1]))
        if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_FORMULA_RANGE:
            raise NotComputable("range")
        return sum(
            self.value((r, c), in_sum=True) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
        )


def cell_ref(text: str) -> Position:
    """The (row, column) of an A1 reference, absolute or not."""
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(text.replace("$", ""))  # type: ignore[no-any-return]


def fill_formulas(values: dict[Position, Any], formulas: dict[Position, Formula]) -> int:
    """Put the computed result of every formula without a saved one into ``values``; returns how
    many; ImportFailed (FORMULAS_WITHOUT_RESULTS) when one cannot be computed."""
    sheet = FormulaSheet(values, formulas)
    results: dict[Position, int | float] = {}
    for pos in formulas:
        try:
            number = sheet.compute(pos)
        except (NotComputable, RecursionError, OverflowError) as exc:
            raise ImportFailed(FORMULAS_WITHOUT_RESULTS + "。") from exc
        results[pos] = int(number) if number.is_integer() else number
    values.update(results)
    return len(results)
