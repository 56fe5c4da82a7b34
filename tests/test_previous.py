"""Finding last year's report of the same body in the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk import store
from gaidesk.model import Report
from gaidesk.previous import candidates, find_previous, same_body


def _save(library: store.Library, report: Report) -> Path:
    path = library.new_draft_path(report)
    store.save_report(report, path, keep_version=False)
    return path


def test_same_body_by_agency_or_short_name() -> None:
    report = Report.blank("大寨镇人民政府", 2026)
    assert same_body("大寨镇人民政府", "大寨镇", report)
    assert not same_body("小寨镇人民政府", "小寨镇", report)
    assert same_body("", "大寨镇", report)  # a draft without the full name
    nameless = Report.blank("", 2026)
    assert not same_body("", "", nameless)


def test_finds_last_year_skips_others_and_damaged(tmp_path: Path) -> None:
    library = store.Library(tmp_path / "data")
    last = _save(library, Report.blank("大寨镇人民政府", 2025))
    _save(library, Report.blank("大寨镇人民政府", 2023))
    _save(library, Report.blank("小寨镇人民政府", 2025))
    (library.drafts_dir / "坏的.gaidesk").write_text("{", encoding="utf-8")
    this_year = Report.blank("大寨镇人民政府", 2026)
    found = find_previous(library, this_year)
    assert found is not None and found.path == last
    assert found.report.meta.year == 2025
    assert [i.path for i in candidates(library, this_year)] == [last]
    assert find_previous(library, this_year, exclude=last) is None


def test_a_draft_that_breaks_after_listing_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = store.Library(tmp_path / "data")
    _save(library, Report.blank("大寨镇人民政府", 2025))

    def broken(path: object, **kw: object) -> Report:
        raise store.DraftError("坏了")

    monkeypatch.setattr("gaidesk.previous.load_report", broken)
    assert find_previous(library, Report.blank("大寨镇人民政府", 2026)) is None
