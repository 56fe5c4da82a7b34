"""What the checks find in each draft of the library, as the drafts list shows it.

The store lists the drafts (``Library.list_drafts``: body, year, last saved) and runs no rules;
this module adds each draft's verdict, counting the checks against last year's draft of the same
body in the library as the wizard does (e.g. a part copied from last year). Cached per file
state of both drafts, so the list stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from gaidesk import review, rules
from gaidesk.draft import DraftError
from gaidesk.previous import same_names
from gaidesk.review import Verdict
from gaidesk.store import DraftInfo, load_report

_CACHE: dict[tuple[object, ...], Verdict | None] = {}


def _state(path: Path) -> tuple[str, int, int]:
    st = os.stat(path)
    return str(path), st.st_mtime_ns, st.st_size


def verdict_of(path: Path, previous: Path | None = None) -> Verdict | None:
    """A draft's verdict (with last year's draft, the checks against it too); None when the
    draft cannot be read. OSError when it is gone."""
    key: tuple[object, ...] = _state(path)
    if previous is not None:
        key += _state(previous)
    if key in _CACHE:
        return _CACHE[key]
    try:
        report = load_report(path, offer_versions=False)
    except DraftError:
        verdict = None
    else:
        last_year = None
        if previous is not None:
            try:
                last_year = load_report(previous, offer_versions=False)
            except DraftError:
                last_year = None
        findings = rules.one_per_cause(rules.check(report, last_year))
        verdict = review.verdict(report.review, findings, report.meta.agency)
    if len(_CACHE) > 1000:
        _CACHE.clear()
    _CACHE[key] = verdict
    return verdict


def last_year_of(info: DraftInfo, infos: Sequence[DraftInfo]) -> DraftInfo | None:
    """Last year's draft of the same body among the listed ones, or None."""
    if info.damaged or info.year is None:
        return None
    for other in infos:
        if (
            not other.damaged
            and other.year == info.year - 1
            and same_names(other.agency, other.short_name, info.agency, info.short_name)
        ):
            return other
    return None


def verdicts(infos: Sequence[DraftInfo]) -> dict[Path, Verdict]:
    """The verdict of every listed draft that can be read, by its path."""
    found: dict[Path, Verdict] = {}
    for info in infos:
        if info.damaged:
            continue
        previous = last_year_of(info, infos)
        try:
            verdict = verdict_of(info.path, previous.path if previous is not None else None)
        except OSError:
            continue  # deleted meanwhile
        if verdict is not None:
            found[info.path] = verdict
    return found
