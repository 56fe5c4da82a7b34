"""A new year's report from last year's: what is carried over and what starts empty."""

from __future__ import annotations

from pathlib import Path

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.carry import carried_cells, new_from_previous
from gaidesk.model import Report
from gaidesk.store import load_report


def _last_year(dazhai_path: Path) -> Report:
    last = load_report(dazhai_path)
    for n, column in enumerate(("natural", "commercial", "research", "social", "legal", "other")):
        last.set_cell(f"t3.carried_out.{column}", n + 1)
    last.set_cell("t2.rules.in_force", 4)
    last.set_cell("t2.normative_docs.in_force", 17)
    last.titles["overview.active"] = "主动公开情况"
    return last


def test_carried_over(dazhai_path: Path) -> None:
    last = _last_year(dazhai_path)
    this = new_from_previous(last)
    assert this.meta.agency == last.meta.agency
    assert this.meta.short_name == last.meta.short_name
    assert this.meta.year == 2026
    assert this.meta.title == ""
    assert this.meta.publish_date == ""
    for n, column in enumerate(("natural", "commercial", "research", "social", "legal", "other")):
        assert this.cells[f"t3.carried_in.{column}"] == n + 1
    assert this.cells["t3.carried_in.total"] == 21
    assert this.cells["t2.rules.in_force"] == 4
    assert this.cells["t2.normative_docs.in_force"] == 17
    assert this.titles == {"overview.active": "主动公开情况"}
    # the narrative starts empty; last year's is only shown alongside
    assert all(text == "" for text in this.text.values())
    # everything else starts at zero
    carried = {here for here, _ in carried_cells()} | {"t3.carried_in.total"}
    for address, value in this.cells.items():
        if address not in carried:
            assert value == (0 if fmt.VALUE_CELLS[address].kind is fmt.CellKind.COUNT else "0")
    found = {f.rule for f in rules.check(this, last)}
    assert "X-CARRY" not in found
    assert "X-IN-FORCE" not in found
    assert "T3-BALANCE" in found  # 21 carried in, nothing answered yet: the clerk fills it in


def test_other_body_and_year(dazhai_path: Path) -> None:
    last = _last_year(dazhai_path)
    this = new_from_previous(last, agency="小寨镇人民政府", year=2030)
    assert this.meta.agency == "小寨镇人民政府"
    assert this.meta.short_name == "小寨镇"
    assert this.meta.year == 2030
    same = new_from_previous(last, agency="大寨镇人民政府")
    assert same.meta.short_name == "大寨镇"


def test_invalid_values_of_last_year_start_at_zero(dazhai_path: Path) -> None:
    last = load_report(dazhai_path)
    last.cells["t3.carried_out.natural"] = -2
    last.cells["t2.rules.in_force"] = "很多"
    last.meta.year = None
    this = new_from_previous(last)
    assert this.meta.year is None
    assert this.cells["t3.carried_in.natural"] == 0
    assert this.cells["t2.rules.in_force"] == 0


def test_carried_cells_cover_every_column_and_in_force() -> None:
    pairs = dict(carried_cells())
    assert len([a for a in pairs if a.startswith("t3.")]) == 6
    assert "t3.carried_in.total" not in pairs
    assert pairs["t2.rules.in_force"] == "t2.rules.in_force"
    assert all(a in fmt.VALUE_CELLS for pair in pairs.items() for a in pair)
