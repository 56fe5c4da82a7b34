"""What an import gives: the report read, and in Chinese what was taken from where."""

from __future__ import annotations

from dataclasses import dataclass, field

from gaidesk.model import Report


@dataclass
class ImportResult:
    """A report read from a workbook or a web page and, in Chinese, what was taken from where
    and what could not be read (e.g. rows of an older layout that have no place in this one)."""

    report: Report
    notes: list[str] = field(default_factory=list)
    # Addresses (format §10) of the report's values the file did not hold, left at their blank
    # value: cells an older layout has no place for, narrative parts a page lacks (a workbook
    # holds none), the body and year when no title named them.
    unread: list[str] = field(default_factory=list)
