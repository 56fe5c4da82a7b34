"""What the exporter keeps between exports gives no stale output.

One process keeps line layouts (the format's texts, and the last export's report texts, by
content) and each face's embedded subsets with their compressed form (by the subset's
characters). A report exported after other reports, or after an edit of itself, must come out
byte for byte as it does from a process that exported nothing before.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from gaidesk import format as fmt
from gaidesk import rules, store
from gaidesk.model import Report
from gaidesk.pdf import render_pdf_bytes

CREATED = dt.datetime(2026, 1, 20, 9, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Renders each draft given in a process of its own, as a clerk's first export of a session.
FRESH_EXPORT = """
import datetime as dt, sys
from pathlib import Path
from gaidesk import rules, store
from gaidesk.pdf import render_pdf_bytes
created = dt.datetime.fromisoformat(sys.argv[1])
report = store.load_report(sys.argv[2])
Path(sys.argv[3]).write_bytes(
    render_pdf_bytes(report, findings=rules.check(report), created=created)
)
"""


def _render(report: Report) -> bytes:
    return render_pdf_bytes(report, findings=rules.check(report), created=CREATED)


def _fresh(path: Path, out: Path) -> bytes:
    subprocess.run(
        [sys.executable, "-c", FRESH_EXPORT, CREATED.isoformat(), str(path), str(out)],
        check=True,
        timeout=120,
    )
    return out.read_bytes()


def _edit(report: Report) -> None:
    """New characters in the report's lead, a lead paragraph more and another number."""
    lead = report.text.get(fmt.PREFACE.key, "")
    report.text[fmt.PREFACE.key] = "鑫淼燚垚犇骉，" + lead + "\n本年度另有鑫淼燚垚犇骉等事项。"
    address = next(a for a, cell in fmt.VALUE_CELLS.items() if not cell.is_total)
    report.set_cell(address, (report.count(address) or 0) + 7)


def test_exports_after_other_reports_match_a_fresh_process(
    dazhai_path: Path, huaian_path: Path, tmp_path: Path
) -> None:
    dazhai = store.load_report(dazhai_path)
    huaian = store.load_report(huaian_path)
    changed = store.load_report(dazhai_path)
    _edit(changed)
    changed_path = tmp_path / "changed.gaidesk"
    store.save_report(changed, changed_path, keep_version=False)
    changed = store.load_report(changed_path)
    assert changed.text != dazhai.text

    in_order = [_render(r) for r in (dazhai, huaian, changed, huaian, dazhai)]

    assert in_order[0] == in_order[4]  # the same report again, from the kept layouts and subsets
    assert in_order[1] == in_order[3]
    fresh_huaian = _fresh(huaian_path, tmp_path / "huaian.pdf")
    fresh_changed = _fresh(changed_path, tmp_path / "changed.pdf")
    assert in_order[1] == fresh_huaian
    assert in_order[2] == fresh_changed
    assert fresh_changed != in_order[0]
