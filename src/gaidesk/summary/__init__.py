"""The county's summary: every unit's report read, checked, compared and rolled up (no Qt).

``summarize(paths, roster=..., year=..., previous=...)`` reads each report in the form it came
in (draft, workbook, web page), runs the same rules as ``gaidesk check`` on it (with last year's
report of the same body when a folder of them is given), and then looks across the units: the
roster's units that sent nothing, bodies that sent two reports, units not on the roster, reports
of another year, units whose narrative is more than half alike (``sameness``) and the roll-up of
tables 2 to 4 (``rollup``). The command line prints it, ``summary.workbook`` and ``summary.pdf``
write it out, the window shows it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.model import Report
from gaidesk.rules import Finding
from gaidesk.summary.rollup import Rollup, roll_up
from gaidesk.summary.roster import Roster, RosterError, read_roster
from gaidesk.summary.sameness import find_same
from gaidesk.summary.units import (
    FORM_DRAFT,
    FORM_PAGE,
    FORM_WORKBOOK,
    FORMS,
    PreviousReports,
    Unit,
    UnreadableUnit,
    body_key,
    collect,
    read_report,
)

__all__ = [
    "COUNTY_RULES",
    "FORMS",
    "FORM_DRAFT",
    "FORM_PAGE",
    "FORM_WORKBOOK",
    "Cancelled",
    "CountyFinding",
    "Rollup",
    "Roster",
    "RosterError",
    "Sameness",
    "Summary",
    "Unit",
    "collect",
    "read_roster",
    "summarize",
]

ERROR = fmt.Severity.ERROR
WARNING = fmt.Severity.WARNING

# The checks across units (docs/format.md §13), with their severity and name in words.
COUNTY_RULES: dict[str, tuple[fmt.Severity, str]] = {
    "SUM-UNREADABLE": (ERROR, "报告无法读取"),
    "SUM-MISSING": (ERROR, "名单上的单位没有报告"),
    "SUM-DOUBLED": (ERROR, "同一单位有两份报告"),
    "SUM-YEAR": (ERROR, "报告年度不对"),
    "SUM-UNKNOWN": (WARNING, "报告单位不在名单上"),
    "SUM-SIMILAR": (WARNING, "与其他单位内容雷同"),
}


class Cancelled(Exception):
    """The office cancelled the summary (``cancelled()`` returned True between two units)."""


@dataclass(frozen=True)
class CountyFinding:
    """A finding across units: who it concerns and what, in Chinese."""

    rule: str
    units: tuple[str, ...]  # the bodies concerned (for SUM-MISSING the roster's names)
    message: str
    paths: tuple[Path, ...] = ()  # their files, when they have one

    @property
    def severity(self) -> fmt.Severity:
        """The finding's severity, from the county rule's definition."""
        return COUNTY_RULES[self.rule][0]


@dataclass(frozen=True)
class Sameness:
    """Two units whose narrative part ``part`` is more than half alike."""

    part: str  # the text part's key
    first: Unit
    second: Unit
    share: float  # 0 to 1
    passage: str  # the start of what they share

    @property
    def part_name(self) -> str:
        """The alike part's name in official words."""
        return fmt.cell_name(fmt.TEXT_PART_BY_KEY[self.part].address)


@dataclass
class Summary:
    """The county's summary: every unit with its findings, the checks across units, the roll-up."""

    units: list[Unit]
    year: int | None  # the year the reports should be of (given, or the most common)
    rollup: Rollup
    roster: Roster | None = None
    missing: list[str] = field(default_factory=list)  # roster names without a report
    doubled: list[list[Unit]] = field(default_factory=list)  # one body's several reports
    unknown: list[Unit] = field(default_factory=list)  # bodies not on the roster
    wrong_year: list[Unit] = field(default_factory=list)
    same: list[Sameness] = field(default_factory=list)
    previous_unreadable: dict[Path, str] = field(default_factory=dict)

    @property
    def unreadable(self) -> list[Unit]:
        """The units whose file could not be read as a report."""
        return [u for u in self.units if u.report is None]

    @property
    def cross_year(self) -> list[tuple[Unit, Finding]]:
        """The findings that come from comparing a unit with its last year's report."""
        return [(u, f) for u in self.units for f in u.cross_year]

    @property
    def findings(self) -> list[CountyFinding]:
        """Every finding across units, in the order of COUNTY_RULES."""
        out = [
            CountyFinding(
                "SUM-UNREADABLE", (u.path.name,), f"“{u.path}”无法读取：{u.unreadable}", (u.path,)
            )
            for u in self.unreadable
        ]
        out += [
            CountyFinding("SUM-MISSING", (name,), f"名单上的“{name}”没有报告")
            for name in self.missing
        ]
        for group in self.doubled:
            files = "、".join(f"“{u.path.name}”" for u in group)
            out.append(
                CountyFinding(
                    "SUM-DOUBLED",
                    (group[0].body,),
                    f"“{group[0].body}”有 {len(group)} 份报告：{files}，汇总只计第一份",
                    tuple(u.path for u in group),
                )
            )
        out += [
            CountyFinding(
                "SUM-YEAR",
                (u.body,),
                f"“{u.body}”的报告是 {u.year} 年度的，本次汇总的是 {self.year} 年度，未计入汇总",
                (u.path,),
            )
            for u in self.wrong_year
        ]
        out += [
            CountyFinding("SUM-UNKNOWN", (u.body,), f"“{u.body}”不在名单上", (u.path,))
            for u in self.unknown
        ]
        out += [
            CountyFinding(
                "SUM-SIMILAR",
                (s.first.body, s.second.body),
                f"“{s.first.body}”与“{s.second.body}”的{s.part_name}有 {round(s.share * 100)}% "
                f"相同（超过 {round(rules.SIMILARITY_LIMIT * 100)}% 可能被认定为内容雷同），"
                f"例如“{s.passage}”",
                (s.first.path, s.second.path),
            )
            for s in self.same
        ]
        return out

    @property
    def errors(self) -> int:
        """Errors of the units, across units and of the roll-up."""
        return (
            sum(u.errors for u in self.units)
            + fmt.count(self.findings, ERROR)
            + fmt.count(self.rollup.findings, ERROR)
        )


ProgressCallback = Callable[[int, int], None]


def summarize(
    paths: Iterable[str | os.PathLike[str]],
    *,
    roster: Roster | None = None,
    year: int | None = None,
    previous: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Summary:
    """Read, check, compare and roll up the reports under ``paths`` (files and folders).

    ``roster`` (``read_roster``) names the units that owe a report; ``year`` is the year the
    reports should be of (by default the most common one); ``previous`` is a folder of last
    year's reports, matched by body. ``progress(done, total)`` is called after every file,
    ``cancelled()`` before every file: when it returns True, Cancelled is raised.
    """
    files = collect(paths)
    last_year_files = collect([previous]) if previous is not None else []
    total = len(files) + len(last_year_files)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    def check_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled

    last_year = PreviousReports()
    for path in last_year_files:
        check_cancelled()
        last_year.add(path)
        step()

    units: list[Unit] = []
    for path in files:
        check_cancelled()
        units.append(_read_unit(path, last_year))
        step()

    readable = [u for u in units if u.report is not None]
    expected = year if year is not None else _most_common_year(readable)
    by_body: dict[str, list[Unit]] = {}
    for unit in readable:
        by_body.setdefault(body_key(unit.body), []).append(unit)
    missing: list[str] = []
    unknown: list[Unit] = []
    if roster is not None:
        listed = {body_key(name) for name in roster.names}
        seen_names: set[str] = set()
        for name in roster.names:
            key = body_key(name)
            if key not in by_body and key not in seen_names:
                missing.append(name)
            seen_names.add(key)
        unknown = [group[0] for key, group in by_body.items() if key not in listed]
    wrong_year = [
        u for u in readable if expected is not None and u.year is not None and u.year != expected
    ]
    same = []
    for pair in find_same([u.report.text if u.report is not None else None for u in units]):
        first, second = units[pair.first], units[pair.second]
        if body_key(first.body) != body_key(second.body):
            same.append(Sameness(pair.part, first, second, pair.share, pair.passage))
    wrong = {id(u) for u in wrong_year}
    counted: list[tuple[str, Report]] = []
    for group in by_body.values():
        kept = next((u for u in group if id(u) not in wrong), None)
        if kept is not None and kept.report is not None:
            counted.append((kept.body, kept.report))
    return Summary(
        units=units,
        year=expected,
        rollup=roll_up(counted, agency=f"汇总（{len(counted)} 个单位）", year=expected),
        roster=roster,
        missing=missing,
        doubled=[group for group in by_body.values() if len(group) > 1],
        unknown=unknown,
        wrong_year=wrong_year,
        same=same,
        previous_unreadable=dict(last_year.unreadable),
    )


def _read_unit(path: Path, last_year: PreviousReports) -> Unit:
    try:
        report, form, notes = read_report(path)
    except UnreadableUnit as exc:
        return Unit(path, FORMS.get(path.suffix.lower(), ""), None, unreadable=str(exc))
    findings = _check(form, report, None)
    unit = Unit(path, form, report, findings, notes=notes)
    match = last_year.of(unit.body)
    if match is not None and match[0].absolute() != path.absolute():
        unit.previous, previous_report = match
        with_previous = _check(form, report, previous_report)
        plain = set(findings)
        unit.findings = with_previous
        unit.cross_year = tuple(f for f in with_previous if f not in plain)
    return unit


def _check(form: str, report: Report, previous: Report | None) -> tuple[Finding, ...]:
    """The rules of ``gaidesk check``; a workbook holds the tables only, so the findings about
    its (absent) narrative are left out."""
    findings = rules.check(report, previous)
    if form == FORM_WORKBOOK:
        return tuple(f for f in findings if not fmt.is_text(f.cells[0]))
    return tuple(findings)


def _most_common_year(units: list[Unit]) -> int | None:
    years = Counter(u.year for u in units if u.year is not None)
    if not years:
        return None
    top = max(years.values())
    return max(y for y, n in years.items() if n == top)
