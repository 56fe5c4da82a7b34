"""gaidesk summary: a county's folder of reports read, checked, compared and rolled up."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from gaidesk import format as fmt
from gaidesk.cli import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, main
from gaidesk.model import Report
from gaidesk.summary import (
    Cancelled,
    collect,
    read_roster,
    summarize,
)
from gaidesk.summary.sameness import common_limit, find_same
from gaidesk.workbook import export_xlsx, sheet_title
from tests.support.paths import DATA
from tests.support.summary import body_names, sentence, unit_report, write_unit

YEAR = 2025
COPIED = (
    "我镇把政务公开与乡村振兴结合起来，在每个行政村设立公开栏，由驻村干部每月更新一次，"
    "群众可以在栏前扫码查看本村的财务收支、低保名单和项目进度，有疑问的当场登记，"
    "镇公开办在五个工作日内答复，全年共登记问题并全部办结。"
)


@dataclass
class County:
    folder: Path
    roster: Path
    bodies: list[str]  # the roster's 32 names
    reports: dict[str, Report]  # file name -> report as written
    missing: list[str]
    doubled: str
    copied: tuple[str, str]
    wrong_year: str
    broken: str


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    """30 drafts and one workbook of 30 bodies; a roster of 32: two sent nothing, one sent its
    report twice (draft and workbook), two share a copied paragraph, one is of last year, one
    has a sum that does not add up."""
    folder = tmp_path_factory.mktemp("county") / "报告"
    bodies = body_names(32)
    reports: dict[str, Report] = {}
    for i, body in enumerate(bodies[:30]):
        year = YEAR - 1 if i == 11 else YEAR
        report = unit_report(body, year, seed=i)
        if i in (3, 7):
            report.text["overview.active"] = COPIED + sentence(__import__("random").Random(i))
        if i == 5:
            report.cells["t3.new.natural"] = int(report.cells["t3.new.natural"] or 0) + 1
        name = f"{i:02d}-{body}.gaidesk"
        write_unit(report, folder / ("乡镇" if i % 2 else "街道") / name)
        reports[name] = report
    # The office received unit 8's report twice: as a draft and as a workbook.
    doubled = reports[f"08-{bodies[8]}.gaidesk"]
    export_xlsx(doubled, folder / f"08-{bodies[8]}.xlsx", findings=[])
    # What an office folder also holds: versions, an Excel lock file, unrelated files.
    (folder / ".versions").mkdir()
    write_unit(doubled, folder / ".versions" / "old.gaidesk")
    (folder / "~$08.xlsx").write_bytes(b"lock")
    (folder / "说明.txt").write_text("不是报告", encoding="utf-8")
    roster = folder.parent / "名单.txt"
    roster.write_text("单位名称\n" + "\n".join(bodies) + "\n", encoding="utf-8")
    return County(
        folder,
        roster,
        bodies,
        reports,
        missing=bodies[30:],
        doubled=bodies[8],
        copied=(bodies[3], bodies[7]),
        wrong_year=bodies[11],
        broken=bodies[5],
    )


def test_collect_finds_reports_and_skips_the_programs_own_files(county: County) -> None:
    files = collect([county.folder])
    assert len(files) == 31
    assert {p.suffix for p in files} == {".gaidesk", ".xlsx"}
    assert not any(".versions" in p.parts or p.name.startswith("~$") for p in files)


def test_every_problem_of_the_county_is_reported(county: County) -> None:
    summary = summarize([county.folder], roster=read_roster(county.roster), year=YEAR)
    assert len(summary.units) == 31
    assert {u.form for u in summary.units} == {"草稿", "Excel"}
    assert summary.missing == county.missing
    assert [[u.body for u in g] for g in summary.doubled] == [[county.doubled] * 2]
    assert [u.body for u in summary.wrong_year] == [county.wrong_year]
    assert summary.unknown == []
    assert [(s.first.body, s.second.body, s.part) for s in summary.same] == [
        (*county.copied, "overview.active")
    ]
    assert summary.same[0].share > 0.5
    with_errors = [u.body for u in summary.units if u.errors]
    assert with_errors == [county.broken]
    broken = next(u for u in summary.units if u.errors)
    assert broken.problems[0].startswith("【错误】")
    assert "T3-BALANCE" in {f.rule for f in broken.findings}
    rules = [f.rule for f in summary.findings]
    assert rules == ["SUM-MISSING", "SUM-MISSING", "SUM-DOUBLED", "SUM-YEAR", "SUM-SIMILAR"]


def test_roll_up_is_the_sum_of_the_units_counted_once(county: County) -> None:
    summary = summarize([county.folder], roster=read_roster(county.roster), year=YEAR)
    counted = [
        r
        for name, r in county.reports.items()
        if r.meta.agency != county.wrong_year  # of another year: not summed
    ]
    assert len(counted) == 29 == summary.rollup.counted  # the doubled body's workbook not again
    for address, cell in fmt.VALUE_CELLS.items():
        if cell.kind is fmt.CellKind.COUNT:
            expected: object = sum(int(r.cells[address]) for r in counted)  # type: ignore[arg-type]
            assert summary.rollup.report.cells[address] == expected, address
        else:
            total = sum(Decimal(str(r.cells[address])) for r in counted)
            assert Decimal(str(summary.rollup.report.cells[address])) == total
    # The broken unit's new requests were one too many (its row total not redone): the sum's too.
    assert {f.rule for f in summary.rollup.findings} == {"T3-BALANCE", "T3-ROW-TOTAL"}


def test_boilerplate_shared_by_all_units_makes_nobody_alike() -> None:
    period = fmt.period_sentence(YEAR) + "全镇政府信息公开工作在县委县政府的坚强领导下有序推进。"
    texts = [{"preface": period, "other_matters": fmt.NO_FEE_SENTENCE} for _ in range(10)]
    assert find_same(texts) == []
    assert common_limit(2) == 2 and common_limit(30) == 15 and common_limit(3000) == 20


def test_a_copy_in_a_different_year_and_numbers_is_still_found() -> None:
    other = COPIED.replace("五", "七").replace("每月", "每季度")
    texts: list[dict[str, str] | None] = [
        {"overview.active": COPIED},
        None,
        {"overview.active": "完全不同的一段文字，讲的是网站栏目改版与信息发布审核流程。"},
        {"overview.active": other},
    ]
    pairs = find_same(texts)
    assert [(p.first, p.second) for p in pairs] == [(0, 3)]


def test_cross_year_against_last_years_folder(county: County, tmp_path: Path) -> None:
    body = county.bodies[0]
    last = unit_report(body, YEAR - 1, seed=100)
    last.cells["t3.carried_out.natural"] = int(last.cells["t3.carried_out.natural"] or 0) + 3
    write_unit(last, tmp_path / "上年" / "a.gaidesk")
    summary = summarize([county.folder], previous=tmp_path / "上年")
    unit = next(u for u in summary.units if u.body == body)
    assert unit.previous == tmp_path / "上年" / "a.gaidesk"
    assert "X-CARRY" in {f.rule for f in unit.cross_year}
    assert all(f in unit.findings for f in unit.cross_year)
    others = [u for u in summary.units if u.body != body]
    assert all(u.previous is None and not u.cross_year for u in others)


def test_progress_and_cancel(county: County) -> None:
    seen: list[tuple[int, int]] = []
    summarize([county.folder], progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (31, 31) and len(seen) == 31
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 5

    with pytest.raises(Cancelled):
        summarize([county.folder], cancelled=cancelled)


def test_roster_from_a_workbook_column(county: County, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "单位名称", "联系人"])
    for i, body in enumerate(county.bodies[:5], start=1):
        sheet.append([i, body.removesuffix("人民政府"), "张三"])
    book.save(tmp_path / "名单.xlsx")
    roster = read_roster(tmp_path / "名单.xlsx")
    assert roster.names == tuple(b.removesuffix("人民政府") for b in county.bodies[:5])
    summary = summarize([county.folder], roster=roster)
    assert summary.missing == []  # 「金桥镇」 on the roster is 「金桥镇人民政府」 in the report
    assert len(summary.unknown) == 30 - 5


def test_unreadable_file_is_a_unit_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "坏.gaidesk").write_text("{", encoding="utf-8")
    (tmp_path / "空.html").write_text("<html></html>", encoding="utf-8")
    summary = summarize([tmp_path])
    assert [u.form for u in summary.units] == ["草稿", "网页"]
    assert all(u.report is None and u.unreadable for u in summary.units)
    assert [f.rule for f in summary.findings] == ["SUM-UNREADABLE"] * 2
    assert summary.rollup.counted == 0


def test_a_saved_web_page_is_a_unit_with_its_narrative(tmp_path: Path) -> None:
    pages = DATA / "pages"
    page = tmp_path / "大寨镇.html"
    page.write_bytes((pages / "dazhai-2025-kindeditor.html").read_bytes())
    write_unit(unit_report("金桥镇人民政府", YEAR, seed=1), tmp_path / "金桥镇.gaidesk")
    summary = summarize([tmp_path])
    unit = next(u for u in summary.units if u.form == "网页")
    assert unit.report is not None and unit.path == page
    assert unit.report.text["overview.active"].strip()
    assert summary.rollup.counted == 2


# ---------------------------------------------------------------------------------------------
# The command line


def test_cli_prints_every_problem_and_exits_1(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["summary", str(county.folder), "--roster", str(county.roster), "--year", "2025"])
    out = capsys.readouterr().out
    assert code == EXIT_ERRORS
    for body in county.bodies[:30]:
        assert body in out
    for body in (*county.missing, county.doubled, county.wrong_year, *county.copied):
        assert body in out
    assert "SUM-MISSING" in out and "没有报告" in out and "雷同" in out
    assert "汇总：表二、表三、表四按 29 个单位汇总" in out


def test_cli_json_shape(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["summary", str(county.folder), "--roster", str(county.roster), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == EXIT_ERRORS
    assert doc["year"] == YEAR
    assert len(doc["units"]) == 31
    unit = doc["units"][0]
    assert set(unit) >= {
        "file",
        "form",
        "body",
        "year",
        "errors",
        "warnings",
        "problems",
        "findings",
    }
    assert doc["missing"] == county.missing
    assert doc["doubled"][0]["body"] == county.doubled
    assert doc["wrong_year"][0]["body"] == county.wrong_year
    assert doc["similar"][0]["units"] == list(county.copied)
    assert doc["rollup"]["units"] == 29
    assert doc["rollup"]["cells"]["t3.new.natural"] == sum(
        int(r.cells["t3.new.natural"] or 0)
        for r in county.reports.values()
        if r.meta.agency != county.wrong_year
    )
    assert {f["rule"] for f in doc["findings"]} >= {"SUM-MISSING", "SUM-DOUBLED", "SUM-YEAR"}


def test_cli_clean_folder_exits_0_and_unreadable_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, body in enumerate(body_names(3)):
        write_unit(unit_report(body, YEAR, seed=i), tmp_path / "ok" / f"{i}.gaidesk")
    assert main(["summary", str(tmp_path / "ok")]) == EXIT_OK
    (tmp_path / "ok" / "坏.gaidesk").write_text("{", encoding="utf-8")
    assert main(["summary", str(tmp_path / "ok")]) == EXIT_UNREADABLE
    assert "无法读取" in capsys.readouterr().out
    assert main(["summary", str(tmp_path / "nothing")]) == EXIT_UNREADABLE
    assert main(["summary", str(tmp_path / "ok"), "--roster", str(tmp_path / "无.txt")]) == (
        EXIT_UNREADABLE
    )
    assert main(["summary", str(tmp_path / "ok"), "--previous", str(tmp_path / "无")]) == (
        EXIT_UNREADABLE
    )
    assert main(["summary", str(tmp_path / "ok"), "--year", "20250"]) == EXIT_UNREADABLE
    assert "年度 20250 不合理" in capsys.readouterr().err


def test_cli_writes_workbook_and_pdf(county: County, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    xlsx, pdf = tmp_path / "汇总.xlsx", tmp_path / "审核.pdf"
    given = ["--roster", str(county.roster), "--xlsx", str(xlsx), "--pdf", str(pdf)]
    code = main(["summary", str(county.folder), *given])
    assert code == EXIT_ERRORS
    book = load_workbook(xlsx)
    assert book.sheetnames[0] == "审核总览"
    assert book.sheetnames[-1] == "问题清单"
    assert {sheet_title(key) for key in fmt.TABLES} <= set(book.sheetnames)
    overview = book["审核总览"]
    assert overview.auto_filter.ref is not None
    bodies = [overview.cell(row, 2).value for row in range(2, overview.max_row + 1)]
    assert sorted(b for b in bodies if b) == sorted(
        [county.bodies[i] for i in range(30)] + [county.doubled]
    )
    broken_row = bodies.index(county.broken) + 2
    assert overview.cell(broken_row, 5).fill.fgColor.rgb.endswith("FFC7CE")
    issues = book["问题清单"]
    listed = " ".join(str(c.value) for row in issues.iter_rows() for c in row if c.value)
    for body in (*county.missing, county.doubled, county.broken):
        assert body in listed
    assert "t3.new.natural" in listed or "本年新收" in listed
    t3 = book[sheet_title(fmt.T3)]
    values = [c.value for row in t3.iter_rows() for c in row]
    new_total = sum(
        int(r.cells["t3.new.total"] or 0)
        for r in county.reports.values()
        if r.meta.agency != county.wrong_year
    )
    assert new_total in values
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    compact = "".join(text.split())
    assert "31" in compact and "审核" in compact
    for body in (*county.bodies, county.doubled):
        assert body in compact, body
    assert "雷同" in compact


def test_roster_refusals_are_clear(tmp_path: Path) -> None:
    from gaidesk.summary import RosterError

    (tmp_path / "旧.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterError, match=r"另存为 \.xlsx"):
        read_roster(tmp_path / "旧.xls")
    (tmp_path / "空.txt").write_text("单位名称\n\n", encoding="utf-8")
    with pytest.raises(RosterError, match="没有单位名称"):
        read_roster(tmp_path / "空.txt")
    (tmp_path / "gbk.txt").write_bytes("# 本县乡镇\n金桥镇\n东山乡\n".encode("gb18030"))
    assert read_roster(tmp_path / "gbk.txt").names == ("金桥镇", "东山乡")
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(RosterError, match="不是可以读取的 Excel"):
        read_roster(tmp_path / "坏.xlsx")


def test_summary_leaves_the_folder_as_it_was(county: County) -> None:
    """Drafts are read only: no lock, no version, no temporary file is left behind."""

    def state() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in county.folder.rglob("*")}

    before = state()
    summarize([county.folder], roster=read_roster(county.roster))
    assert state() == before


def test_sameness_compares_only_the_candidates_the_index_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """200 units with narratives of their own: no pair reaches the exact comparison (an
    all-pairs check would make 19,900 of them per part); one copied pair makes exactly one."""
    import random

    from gaidesk.summary import sameness

    compared: list[tuple[str, str]] = []
    real = sameness.sametext.similarity

    def counting(a: str, b: str) -> float:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(sameness.sametext, "similarity", counting)
    rng = random.Random(5)
    texts: list[dict[str, str] | None] = [
        {"overview.active": sentence(rng) + sentence(rng)} for _ in range(200)
    ]
    assert find_same(texts) == []
    assert compared == []
    texts[150] = {"overview.active": COPIED}
    texts[40] = {"overview.active": COPIED + sentence(rng)}
    assert [(p.first, p.second) for p in find_same(texts)] == [(40, 150)]
    assert len(compared) == 2  # the pair, in both directions
