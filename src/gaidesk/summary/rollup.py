"""The roll-up: tables 2, 3 and 4 summed over the units into one report, checked by the rules.

Every value cell is summed as its units wrote it — totals too, not recomputed — so the rules on
the sum show whether the units' own totals add up. A unit's cell that holds no valid number is
left out of that cell's sum and named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.model import Report, is_valid
from gaidesk.rules import Finding


@dataclass
class Rollup:
    """Tables 2-4 summed over the units, with the table rules' findings on the sums."""

    report: Report  # the sums; its narrative is empty
    findings: tuple[Finding, ...]  # the table rules on the sums
    counted: int  # how many units were summed
    skipped_cells: list[tuple[str, str]] = field(default_factory=list)  # (body, address)


def _is_table_finding(finding: Finding) -> bool:
    return all(a in fmt.VALUE_CELLS for a in finding.cells)


def roll_up(reports: Sequence[tuple[str, Report]], *, agency: str, year: int | None) -> Rollup:
    """Sum the tables of ``reports`` ((body, report) pairs) into one report named ``agency``."""
    total = Report.blank(agency, year)
    skipped: list[tuple[str, str]] = []
    for address, cell in fmt.VALUE_CELLS.items():
        if cell.kind is fmt.CellKind.COUNT:
            count = 0
            for body, report in reports:
                value = report.count(address)
                if value is None:
                    skipped.append((body, address))
                else:
                    count += value
            total.cells[address] = count
        else:
            amount = Decimal(0)
            for body, report in reports:
                written = report.cells.get(address)
                if isinstance(written, str) and is_valid(address, written):
                    amount += Decimal(written)
                else:
                    skipped.append((body, address))
            total.cells[address] = format(amount.normalize(), "f") if amount else "0"
    findings = tuple(f for f in rules.check(total) if _is_table_finding(f))
    return Rollup(total, findings, len(reports), skipped)
