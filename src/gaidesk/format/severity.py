"""How serious a finding is, in the program's words, and the one way to count findings."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol


class Severity(StrEnum):
    """A finding's severity. A StrEnum: it is written as its value in JSON output."""

    ERROR = "error"  # the report cannot be final (the export is marked 「草稿」)
    WARNING = "warning"  # an evaluator may flag it; the clerk confirms or corrects it

    @property
    def word(self) -> str:
        """「错误」 or 「提醒」."""
        return _WORDS[self]


_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "提醒"}


class HasSeverity(Protocol):
    """Anything with a severity word, as findings have."""

    @property
    def severity(self) -> str:
        """The finding's severity (a ``Severity`` value)."""
        ...


def count(findings: Iterable[HasSeverity], severity: Severity) -> int:
    """How many of the findings have this severity."""
    return sum(1 for f in findings if f.severity == severity)


def counts_text(errors: int, warnings: int, *, sep: str = " / ", warning_suffix: str = "") -> str:
    """「2 处错误 / 1 处提醒」, 「1 处提醒」 or "" for none; ``sep`` joins the two."""
    parts = []
    if errors:
        parts.append(f"{errors} 处{Severity.ERROR.word}")
    if warnings:
        parts.append(f"{warnings} 处{Severity.WARNING.word}{warning_suffix}")
    return sep.join(parts)


def summary(findings: Iterable[HasSeverity], *, sep: str = " / ") -> str:
    """「2 处错误 / 1 处提醒」 for a list of findings, "" when there are none."""
    found = list(findings)
    return counts_text(count(found, Severity.ERROR), count(found, Severity.WARNING), sep=sep)
