"""Finding last year's report of the same body, for the continuity checks and the copy meter.

The library is searched by itself: a draft whose body (the agency, or the short name when one of
them has no agency) matches this report's and whose year is one less. The clerk may point to a
file instead; that is just ``store.load_report``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gaidesk.draft import DraftError
from gaidesk.model import Report
from gaidesk.store import DraftInfo, Library, load_report


@dataclass(frozen=True)
class PreviousReport:
    """Last year's report and the file it was read from."""

    path: Path
    report: Report


def _norm(name: str) -> str:
    return "".join(name.split())


def same_body(info_agency: str, info_short: str, report: Report) -> bool:
    """Whether a draft's body is this report's body."""
    return same_names(info_agency, info_short, report.meta.agency, report.meta.short_name)


def same_names(info_agency: str, info_short: str, agency: str, short: str) -> bool:
    """Whether two (agency, short name) pairs name the same body."""
    agency, short = _norm(agency), _norm(short)
    other_agency, other_short = _norm(info_agency), _norm(info_short)
    if agency and other_agency:
        return agency == other_agency
    mine = short or agency
    theirs = other_short or other_agency
    return bool(mine) and mine == theirs


def candidates(library: Library, report: Report, exclude: Path | None = None) -> list[DraftInfo]:
    """Last year's drafts of the same body in the library, newest saved first."""
    year = report.meta.year
    if year is None:
        return []
    skip = exclude.absolute() if exclude is not None else None
    return [
        info
        for info in library.list_drafts()
        if not info.damaged
        and info.year == year - 1
        and same_body(info.agency, info.short_name, report)
        and (skip is None or info.path.absolute() != skip)
    ]


def find_previous(
    library: Library, report: Report, exclude: Path | None = None
) -> PreviousReport | None:
    """Last year's report of the same body from the library, or None when there is none."""
    for info in candidates(library, report, exclude):
        try:
            return PreviousReport(info.path, load_report(info.path, offer_versions=False))
        except DraftError:
            continue
    return None
