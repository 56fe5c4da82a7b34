"""One unit's report as the county reads it: the file, the form it came in, what the rules found.

``read_report`` is the one place that knows how each form is read; ``collect`` finds the reports
under the folders and files the office gives.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gaidesk import format as fmt
from gaidesk.draft import DraftError
from gaidesk.errors import GaideskError
from gaidesk.fsutil import describe_os_error
from gaidesk.model import Report, derive_short_name
from gaidesk.rules import Finding

FORM_DRAFT = "草稿"
FORM_WORKBOOK = "Excel"
FORM_PAGE = "网页"
FORMS = {".gaidesk": FORM_DRAFT, ".xlsx": FORM_WORKBOOK, ".html": FORM_PAGE, ".htm": FORM_PAGE}

PROBLEMS_SHOWN = 3  # the problems a unit's row names in words


class UnreadableUnit(Exception):
    """A report file that cannot be read; the message is Chinese and names the reason."""


@dataclass(eq=False)
class Unit:
    """One report file: what was read from it and what the rules say about it."""

    path: Path
    form: str  # FORM_DRAFT, FORM_WORKBOOK or FORM_PAGE
    report: Report | None  # None when the file cannot be read
    findings: tuple[Finding, ...] = ()
    unreadable: str = ""  # why the file cannot be read, in Chinese
    notes: tuple[str, ...] = ()  # what reading it assumed or changed
    previous: Path | None = None  # last year's report it was compared with
    cross_year: tuple[Finding, ...] = ()  # the findings that comparison added

    @property
    def body(self) -> str:
        """The reporting body as the report names it (or the file's name if it names none)."""
        if self.report is not None and self.report.meta.agency.strip():
            return self.report.meta.agency.strip()
        return self.path.stem

    @property
    def year(self) -> int | None:
        """The report's year, or None when it could not be read."""
        return self.report.meta.year if self.report is not None else None

    @property
    def errors(self) -> int:
        """How many errors the unit's report has."""
        return fmt.count(self.findings, fmt.Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many warnings the unit's report has."""
        return fmt.count(self.findings, fmt.Severity.WARNING)

    @property
    def problems(self) -> tuple[str, ...]:
        """The first problems in words, errors first: 「【错误】表三……」."""
        if self.unreadable:
            return (f"【{fmt.Severity.ERROR.word}】无法读取：{self.unreadable}",)
        ordered = sorted(self.findings, key=lambda f: f.severity != fmt.Severity.ERROR)
        return tuple(f"【{f.severity.word}】{f.message}" for f in ordered[:PROBLEMS_SHOWN])


def body_key(name: str) -> str:
    """The key two names of one body share: 「大寨镇人民政府」, 「大寨镇」 and 「大寨镇 」 alike."""
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace())
    return derive_short_name(cleaned)


def read_report(path: Path) -> tuple[Report, str, tuple[str, ...]]:
    """Read one report in whatever form it came: the report, the form's name and what reading
    it assumed. Drafts are read only (no lock, no version written). Raises UnreadableUnit."""
    form = FORMS.get(path.suffix.lower())
    try:
        if form == FORM_DRAFT:
            from gaidesk.store import load_report

            report = load_report(path, offer_versions=False)
            return report, form, tuple(report.notes)
        if form in (FORM_WORKBOOK, FORM_PAGE):
            from gaidesk.importer import import_file

            result = import_file(path)
            return result.report, form, tuple(result.notes)
    except (GaideskError, DraftError) as exc:
        raise UnreadableUnit(str(exc)) from exc
    except OSError as exc:
        raise UnreadableUnit(describe_os_error(exc, "读取", path)) from exc
    raise UnreadableUnit(f"“{path.name}”不是本程序能读取的报告（{'、'.join(FORMS)}）。")


def _is_own_file(name: str) -> bool:
    """Files the program or an office suite keeps beside reports: versions, backups, locks."""
    return name.startswith((".", "~$", ".~lock")) or name.endswith(("~", ".bak", ".tmp"))


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The report files among ``paths``: files as given, folders searched recursively for
    drafts, workbooks and web pages (hidden folders such as the kept versions skipped),
    each file once, in a stable order."""
    found: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.absolute()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for given in paths:
        path = Path(given)
        if not path.is_dir():
            add(path)
            continue
        inside: list[Path] = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not _is_own_file(d))
            inside.extend(
                Path(folder) / name
                for name in files
                if Path(name).suffix.lower() in FORMS and not _is_own_file(name)
            )
        for p in sorted(inside):
            add(p)
    return found


@dataclass
class PreviousReports:
    """Last year's reports by body, for the cross-year rules."""

    by_body: dict[str, tuple[Path, Report]] = field(default_factory=dict)
    unreadable: dict[Path, str] = field(default_factory=dict)

    def add(self, path: Path) -> None:
        """Read one of last year's reports (the first report of a body is kept)."""
        try:
            report, _form, _notes = read_report(path)
        except UnreadableUnit as exc:
            self.unreadable[path] = str(exc)
            return
        if report.meta.agency.strip():
            self.by_body.setdefault(body_key(report.meta.agency), (path, report))

    def of(self, body: str) -> tuple[Path, Report] | None:
        """Last year's report of a body, found by its name, or None."""
        return self.by_body.get(body_key(body))
