"""What the clerk has looked at: the honest status of each part of the report.

A new report opens with empty parts and all-zero tables, which break no rule or only rules
she has not reached yet. So a part counts as filled in only once she has touched it (typed
into it) or said so (「本表已核对」, or 「本年无此类情况」 for an all-zero table), and a warning
stops counting once she has confirmed it. A report is ready (「可以定稿」) when every part
has been filled in, no error is left and every warning is confirmed.

Kept in the draft as ``progress`` (see the draft format in the README): the parts she has
filled in or checked, by section number, and the warnings she has confirmed. A draft saved
before this existed has no ``progress``: every part of it counts as filled in.
"""

from __future__ import annotations

from typing import NamedTuple

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.model import BASIC, PARTS, Review

__all__ = ["BASIC", "PARTS", "Review", "Verdict", "finding_key", "part_of_address", "verdict"]


def part_of_address(address: str) -> str:
    """The part of the report where an address (cell, ``text.…``, ``meta.…``) is edited."""
    if fmt.is_meta(address) or address == fmt.PREFACE.address:
        return BASIC
    return fmt.section_of(address).number


def part_of_finding(finding: rules.Finding) -> str:
    return part_of_address(finding.cells[0]) if finding.cells else BASIC


def finding_key(finding: rules.Finding) -> str:
    """What a confirmation is kept by: the rule and where it points."""
    return f"{finding.rule}@{finding.cells[0] if finding.cells else ''}"


def is_filled(review: Review, part: str, agency: str = "") -> bool:
    # 基本信息 is filled in when the body is known (she named it when creating the report).
    return part in review.filled or (part == BASIC and bool(agency))


def unfilled(review: Review, agency: str = "") -> list[str]:
    return [p for p in PARTS if not is_filled(review, p, agency)]


def open_warnings(review: Review, findings: list[rules.Finding]) -> list[rules.Finding]:
    return [
        f
        for f in findings
        if f.severity == fmt.Severity.WARNING and finding_key(f) not in review.confirmed
    ]


class Verdict(NamedTuple):
    """What stands between a report and 「可以发布」: counts and untouched parts."""

    errors: int
    open_warnings: int
    confirmed_warnings: int
    unfilled: tuple[str, ...]  # parts not yet touched or checked

    @property
    def ready(self) -> bool:
        """「可以定稿」: nothing unfilled, no error, no unconfirmed warning."""
        return not (self.errors or self.open_warnings or self.unfilled)

    def text(self) -> str:
        """The verdict in a few words: 「可以定稿」 or what stands in the way."""
        if self.ready:
            return "可以定稿"
        counts = fmt.counts_text(self.errors, self.open_warnings, warning_suffix="待确认")
        parts = [counts] if counts else []
        if self.unfilled:
            parts.append(f"{len(self.unfilled)} 部分未填")
        return " / ".join(parts)


def verdict(review: Review, findings: list[rules.Finding], agency: str = "") -> Verdict:
    """The verdict of a report from its findings and the clerk's review marks."""
    errors = fmt.count(findings, fmt.Severity.ERROR)
    warnings = fmt.count(findings, fmt.Severity.WARNING)
    still = len(open_warnings(review, findings))
    return Verdict(errors, still, warnings - still, tuple(unfilled(review, agency)))
