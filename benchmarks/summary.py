"""Measure ``gaidesk summary`` over a county (300 units) and a prefecture (3,000 units).

    python benchmarks/summary.py [--units 300,3000] [--repeat 3]

Budget (docs/design.md §3): 300 units, drafts and workbooks mixed, summarised in ≤ 5 s. The units
are generated in a temporary folder from the samples (tests/support/summary.py): two thirds
drafts, one third workbooks, each with its own body, numbers and narrative, and one pair in twenty
units sharing a copied paragraph; the roster names every unit. The time is that of ``summarize``
(read, check, compare, roll up), wall and CPU, the median of --repeat runs (CPU time is the fairer
figure on a shared machine); the cost per unit shows whether the cost grows linearly. Prints the
figures; nothing is written to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the tests' helpers: tests.support

BUDGET_300 = 5.0  # seconds


def make_county(folder: Path, units: int) -> Path:
    """``units`` reports under ``folder`` and a roster naming them; returns the roster."""
    from gaidesk.workbook import export_xlsx
    from tests.support.summary import body_names, sentence, unit_report, write_unit

    names = body_names(units, seed=units)
    copied = ""
    for i, body in enumerate(names):
        report = unit_report(body, 2025, seed=i)
        if i % 20 == 0:
            copied = "".join(sentence(random.Random(-i)) for _ in range(3))
        if i % 20 in (0, 1):  # one pair in twenty units: 雷同 for the summary to find
            report.text["overview.active"] = copied
        target = folder / f"片区{i % 10}" / f"{i:05d}"
        if i % 3 == 2:
            target.parent.mkdir(parents=True, exist_ok=True)
            export_xlsx(report, target.with_suffix(".xlsx"), findings=[])
        else:
            write_unit(report, target.with_suffix(".gaidesk"))
    roster = folder / "名单.txt"
    roster.write_text("\n".join(names), encoding="utf-8")
    return roster


def measure(units: int, repeat: int) -> tuple[float, float, int, int]:
    from gaidesk.summary import read_roster, summarize

    with tempfile.TemporaryDirectory(prefix="gaidesk-summary-") as tmp:
        folder = Path(tmp)
        roster = read_roster(make_county(folder, units))
        times, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            summary = summarize([folder], roster=roster, year=2025)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert len(summary.units) == units, len(summary.units)
        assert not summary.missing and not summary.unreadable
        same, counted = len(summary.same), summary.rollup.counted
        return statistics.median(times), statistics.median(cpu), same, counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", default="300,3000", help="sizes to measure, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    for units in (int(n) for n in args.units.split(",")):
        seconds, cpu, same, counted = measure(units, args.repeat)
        rows.append((units, seconds, cpu))
        verdict = ""
        if units == 300:
            met = "met" if seconds <= BUDGET_300 else "MISSED"
            verdict = f"  budget ≤ {BUDGET_300:.0f} s: {met}"
        print(
            f"{units:5d} units: {seconds:6.2f} s, CPU {cpu:6.2f} s "
            f"({seconds / units * 1000:5.2f} ms per unit, "
            f"{same} alike pairs found, {counted} summed){verdict}",
            flush=True,
        )
    if len(rows) > 1:
        (n0, t0, c0), (n1, t1, c1) = rows[0], rows[-1]
        print(f"{n1 / n0:.0f}× the units took {t1 / t0:.1f}× the time ({c1 / c0:.1f}× the CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
