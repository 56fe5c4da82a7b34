"""Two years of one township: carry-over, continuity checks and copied text, end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gaidesk import format as fmt
from gaidesk.__main__ import main
from gaidesk.store import load_report, save_report

COLUMNS = [c.key for c in fmt.T3_COLUMNS if c.key != fmt.T3_TOTAL_COLUMN]


def _check(capsys: pytest.CaptureFixture[str], this_year: Path, last_year: Path) -> Any:
    main(["check", str(this_year), "--previous", str(last_year), "--json"])
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def two_years(tmp_path: Path, huaian_path: Path) -> tuple[Path, Path]:
    """The city's 2024 tables with a narrative, and its 2025 draft made from them."""
    last = load_report(huaian_path)
    for part in fmt.TEXT_PARTS:
        last.text[part.key] = f"（{part.key}）" + "本年度我市认真落实政府信息公开条例各项规定。" * 3
    last.text["other_matters"] = "本年度未收取信息处理费。"
    last_path = tmp_path / "2024.gaidesk"
    save_report(last, last_path)
    this_path = tmp_path / "2025.gaidesk"
    assert main(["new", "--from", str(last_path), "-o", str(this_path)]) == 0
    return last_path, this_path


def test_carried_over_draft_is_consistent(
    capsys: pytest.CaptureFixture[str], two_years: tuple[Path, Path]
) -> None:
    last_path, this_path = two_years
    capsys.readouterr()
    this = load_report(this_path)
    last = load_report(last_path)
    for col in COLUMNS:
        assert this.cells[f"t3.carried_in.{col}"] == last.cells[f"t3.carried_out.{col}"]
    assert this.cells["t2.normative_docs.in_force"] == 66
    rules = {f["rule"] for f in _check(capsys, this_path, last_path)["findings"]}
    assert not rules & {"X-CARRY", "X-IN-FORCE", "X-SIMILAR"}


@pytest.mark.parametrize("column", COLUMNS)
def test_one_column_off_flags_exactly_that_column(
    capsys: pytest.CaptureFixture[str], two_years: tuple[Path, Path], column: str
) -> None:
    last_path, this_path = two_years
    this = load_report(this_path)
    this.set_cell(f"t3.carried_in.{column}", (this.count(f"t3.carried_in.{column}") or 0) + 5)
    save_report(this, this_path)
    capsys.readouterr()
    carry = [f for f in _check(capsys, this_path, last_path)["findings"] if f["rule"] == "X-CARRY"]
    assert [f["cells"][0] for f in carry] == [f"t3.carried_in.{column}"]
    assert carry[0]["severity"] == "warning"


def test_copied_text_is_flagged(
    capsys: pytest.CaptureFixture[str], two_years: tuple[Path, Path]
) -> None:
    last_path, this_path = two_years
    this = load_report(this_path)
    last = load_report(last_path)
    this.text["overview.active"] = last.text["overview.active"].replace("本年度", "2025年")
    this.text["overview.platforms"] = (
        "今年新建了镇政务公开专区，村村设立公开栏，群众查阅更方便。" * 2
    )
    save_report(this, this_path)
    capsys.readouterr()
    similar = [
        f for f in _check(capsys, this_path, last_path)["findings"] if f["rule"] == "X-SIMILAR"
    ]
    assert [f["cells"] for f in similar] == [["text.overview.active"]]
