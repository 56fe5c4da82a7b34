"""A source-neutral grid of cell contents with merged spans, and the loose comparing of labels.

A worksheet and the tables of a web page both become a :class:`Grid`: the non-empty cells by
(1-based row, column), the merged ranges by their top-left cell, and every short text indexed
by its normalised form, so that :mod:`gaidesk.importer.locate` finds the official tables by
their labels wherever they stand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Position = tuple[int, int]
Span = tuple[int, int, int, int]  # (first row, first column, last row, last column)

MAX_LABEL_CHARS = 200  # longer texts are not labels (a paragraph pasted into a cell)
MIN_CLIPPED_LABEL = 4  # a label one character short is still found when it keeps this many


def excel_place(pos: Position) -> str:
    """「B3」: a cell of a worksheet as Excel names it."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(pos[1])}{pos[0]}"


def excel_cell(pos: Position) -> str:
    """How a worksheet position is named in messages: 「单元格 B3」."""
    return f"单元格 {excel_place(pos)}"


@dataclass
class Grid:
    """The cells of one worksheet, or of the tables of one web page stacked one under another."""

    title: str  # the worksheet's title, the web page's file name
    values: dict[Position, Any]  # non-empty cells -> value (text, number, date…)
    formats: dict[Position, str] = field(default_factory=dict)  # number formats (workbooks)
    merges: dict[Position, Span] = field(default_factory=dict)  # top-left -> span
    kind: str = "工作表"  # what the title names: 「工作表」, 「网页」
    place: Callable[[Position], str] = excel_cell  # a cell's position in words, 「单元格 B3」
    summary: str = ""  # where a table came from, when the name says too much: 「网页中的表格」
    labels: dict[str, list[Position]] = field(init=False)  # normalised text -> positions

    def __post_init__(self) -> None:
        self.labels = {}
        for pos, value in sorted(self.values.items()):
            if isinstance(value, str) and len(value) <= MAX_LABEL_CHARS:
                self.labels.setdefault(normalise(value), []).append(pos)
        # Texts grouped by their form without a trailing bracketed note, for loose matching.
        self._loose: dict[str, list[str]] = {}
        for text in self.labels:
            self._loose.setdefault(without_note(text), []).append(text)

    @property
    def name(self) -> str:
        """「工作表“表三”」: the grid in words."""
        return f"{self.kind}“{self.title}”"

    @property
    def source(self) -> str:
        """Where a table was taken from, for the import notes."""
        return self.summary or self.name

    def span(self, pos: Position) -> Span:
        """The merged range covering a position (the position itself when not merged)."""
        return self.merges.get(pos, (pos[0], pos[1], pos[0], pos[1]))

    def find(self, label: str) -> list[Position]:
        """Positions of the cells whose text is the label (loosely compared); failing that, of
        a label that lost its last character (「现行有效件」 for 「现行有效件数」, as published)."""
        key = normalise(label)
        found = list(self.labels.get(key, ()))
        loose = without_note(key)
        if loose != key or not found:
            for text in self._loose.get(loose, ()):
                if text != key:
                    found.extend(self.labels[text])
        if not found and len(loose) > MIN_CLIPPED_LABEL:
            found.extend(self.labels.get(loose[:-1], ()))
        return sorted(found)

    def first_value(self, rows: range, cols: range) -> tuple[Position, Any] | None:
        """The first position holding a value in a range of rows and columns, with the value."""
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


def without_note(text: str) -> str:
    """A label without a trailing bracketed note: 「部分公开（区分处理的…）」 → 「部分公开」."""
    stripped = _NOTE.sub("", text)
    return stripped or text
