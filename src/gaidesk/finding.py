"""A finding of the rules, and the two ways its message treats what the clerk typed.

Shared by ``rules`` (every rule of docs/format.md §5) and ``reviewcheck`` (the checks a reviewer
makes beyond the arithmetic), which builds its findings without importing the rules engine.
"""

from __future__ import annotations

from typing import NamedTuple

from gaidesk import format as fmt
from gaidesk.model import CellValue, format_value

# Words that stand for an empty part: TEXT-EMPTY reports them (except in section 六).
NONE_WORDS = frozenset({"无", "暂无", "没有", "无此项", "略"})
QUOTE_LIMIT = 20  # characters of a typed value a message quotes


class Finding(NamedTuple):
    """One instance of a rule: its id, severity, the cells involved and the clerk's message."""

    rule: str
    severity: fmt.Severity
    cells: tuple[str, ...]  # the cells involved, the one to show first
    message: str  # Chinese, for the clerk


def shown(value: CellValue) -> str:
    """A typed value as a message quotes it: at most QUOTE_LIMIT characters, then 「…」."""
    text = format_value(value)
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…"


def is_placeholder(text: str) -> bool:
    """「无」「暂无。」「略」: a part written as a word that says there is nothing."""
    return text.strip().strip("。.！!") in NONE_WORDS
