"""What the exporter keeps between exports gives no stale output.

One process keeps line layouts (the format's texts, and the last export's report texts, by
content), whether table 3's numbers take one line (by their texts) and its height (by their
length), and each face's embedded subsets with their compressed form (by the subset's
characters). A report exported after other reports, or after an edit of itself, must come out
byte for byte as it does from a process that exported nothing before.
"""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path

from gaidesk import format as fmt
from gaidesk import rules, store
from gaidesk.model import Report
from gaidesk.pdf import render_pdf_bytes

CREATED = dt.datetime(2026, 1, 20, 9, 30, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Renders a report (pickled: some of these numbers are too long for a draft) in a process of its
# own, as a clerk's first export of a session.
FRESH_EXPORT = """
import datetime as dt, pickle, sys
from pathlib import Path
from gaidesk import rules
from gaidesk.pdf import render_pdf_bytes
created = dt.datetime.fromisoformat(sys.argv[1])
report = pickle.loads(Path(sys.argv[2]).read_bytes())
Path(sys.argv[3]).write_bytes(
    render_pdf_bytes(report, findings=rules.check(report), created=created)
)
"""


def _render(report: Report) -> bytes:
    return render_pdf_bytes(report, findings=rules.check(report), created=CREATED)


def _fresh(report: Report, folder: Path) -> bytes:
    """The report's PDF from a process that exported nothing before."""
    pickled = folder / "report.pickle"
    pickled.write_bytes(pickle.dumps(report))
    out = folder / "report.pdf"
    subprocess.run(
        [sys.executable, "-c", FRESH_EXPORT, CREATED.isoformat(), str(pickled), str(out)],
        check=True,
        timeout=120,
    )
    return out.read_bytes()


def _one_page_count() -> str:
    """A count cell of the one-page table (table 3)."""
    one_page = next(t for t in fmt.TABLES.values() if t.traits.one_page)
    return next(
        c.address
        for c in one_page.grid
        if c.is_value and fmt.VALUE_CELLS[c.address].kind is fmt.CellKind.COUNT
    )


def _edit(report: Report) -> None:
    """New characters in the report's lead, a lead paragraph more, another number, and in the
    one-page table a number too long for one line (another size and height of that table)."""
    lead = report.text.get(fmt.PREFACE.key, "")
    report.text[fmt.PREFACE.key] = "鑫淼燚垚犇骉，" + lead + "\n本年度另有鑫淼燚垚犇骉等事项。"
    address = next(a for a, cell in fmt.VALUE_CELLS.items() if not cell.is_total)
    report.set_cell(address, (report.count(address) or 0) + 7)
    report.set_cell(_one_page_count(), 10**200)


def test_exports_after_other_reports_match_a_fresh_process(
    dazhai_path: Path, huaian_path: Path, tmp_path: Path
) -> None:
    dazhai = store.load_report(dazhai_path)
    huaian = store.load_report(huaian_path)
    changed = store.load_report(dazhai_path)
    _edit(changed)
    # Before it, one whose numbers in table 3 are as long as that table makes room for (seven
    # digits, as the changed one) and take one line each: the height of table 3 is kept for
    # such reports, and must not be taken for the changed one.
    seven = store.load_report(dazhai_path)
    seven.set_cell(_one_page_count(), 1234567)

    reports = (dazhai, huaian, seven, changed, huaian, dazhai, changed)
    in_order = [_render(r) for r in reports]

    assert in_order[0] == in_order[5]  # the same report again, from the kept layouts and subsets
    fresh_changed = _fresh(changed, tmp_path)
    assert in_order[1] == in_order[4] == _fresh(huaian, tmp_path)
    assert in_order[2] == _fresh(seven, tmp_path)
    assert in_order[3] == in_order[6] == fresh_changed
    assert fresh_changed != in_order[0]
