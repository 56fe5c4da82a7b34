"""Saved web pages of published reports (issue 13 item 1): every table cell as published, the
narrative in its parts, the 2019 layout, the CMS dialects and encodings (tests/data/pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaidesk import draft, rules
from gaidesk import format as fmt
from gaidesk.errors import ImportFailed
from gaidesk.importer import import_file
from gaidesk.importer.html import decode_page
from gaidesk.model import Report
from tests.support.pages import page_html, table_html
from tests.support.paths import DATA, SAMPLES

PAGES = DATA / "pages"


def _load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def _nonzero(report: Report) -> dict[str, object]:
    return {a: v for a, v in report.cells.items() if v not in (0, "0")}


def _rules(report: Report) -> set[str]:
    return {f.rule for f in rules.check(report)}


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p]


# --------------------------------------------------------------------------------------------
# The pages of tests/data/pages, cell by cell as published


SHUYANG = {  # 沭阳县发展和改革局 2023, as published (every other cell is 0 or empty)
    "t2.normative_docs.issued": 8,
    "t2.normative_docs.in_force": 18,
    "t3.new.natural": 26,
    "t3.new.total": 26,
    "t3.granted.natural": 26,
    "t3.granted.total": 26,
    "t3.results_total.natural": 26,
    "t3.results_total.total": 26,
    "t4.review.pending": 1,
    "t4.review.total": 1,
}


def test_the_shuyang_page_reads_every_cell_as_published() -> None:
    result = import_file(PAGES / "shuyang-fgj-2023-ucap.html")
    report = result.report
    assert _nonzero(report) == SHUYANG
    assert (report.meta.agency, report.meta.year) == ("沭阳县发展和改革局", 2023)
    assert report.meta.title == "沭阳县发展和改革局2023年政府信息公开年度报告"  # as published
    # 「规范性文件」 for 「行政规范性文件」; labels split across <span>s and <p>s.
    assert any("表二" in n and "读取 10 个数字" in n for n in result.notes)
    assert result.unread == []  # every cell, every part, the body and the year


def test_the_shuyang_page_narrative_goes_into_its_parts() -> None:
    report = import_file(PAGES / "shuyang-fgj-2023-ucap.html").report
    text = report.text
    assert text["preface"].startswith("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）")
    assert "统计时限为2023年1月1日至2023年12月31日" in text["preface"]  # digits from <font>s
    # The paragraph under 「一、总体情况」 before （一） is 一's lead paragraph.
    assert _paragraphs(text["overview.lead"])[0].startswith("2023年，县发展和改革局认真贯彻")
    assert "全年共审核发布各类公开政府信息249条" in text["overview.active"]
    assert text["overview.on_request"].startswith("2023年度我局共收到依申请信息公开26件")
    assert report.titles["overview.management"] == "完善公开制度规范，加强政府信息管理"
    assert text["problems.problems"].startswith("各科室人员信息公开意识有所松懈")
    assert text["problems.improvements"].startswith("为进一步规范并加大政府信息公开工作")
    assert text["other_matters"] == "2023年度，县发展和改革局政府信息公开未发生收费情况。"
    # The text checks run on what was read: 六 does not name 信息处理费.
    assert "S6-FEE" in _rules(report)


SHANGHAI_T3 = {  # 上海市人民政府办公厅 2019, table 3 as published (blank cells are 0)
    "t3.new.natural": 821,
    "t3.new.commercial": 35,
    "t3.new.legal": 2,
    "t3.new.other": 1,
    "t3.new.total": 859,
    "t3.carried_in.natural": 18,
    "t3.carried_in.total": 18,
    "t3.granted.natural": 258,
    "t3.granted.commercial": 12,
    "t3.granted.legal": 1,
    "t3.granted.other": 1,
    "t3.partial.natural": 3,
    "t3.denied_state_secret.natural": 14,
    "t3.denied_internal.natural": 5,
    "t3.denied_process.natural": 3,
    "t3.denied_process.commercial": 1,
    "t3.denied_query.natural": 10,
    "t3.denied_query.commercial": 2,
    "t3.unable_not_held.natural": 252,
    "t3.unable_not_held.commercial": 12,
    "t3.unable_not_held.legal": 1,
    "t3.unable_need_creation.natural": 44,
    "t3.unable_need_creation.commercial": 3,
    "t3.unable_unclear.natural": 25,
    "t3.rejected_petition.natural": 148,
    "t3.rejected_petition.commercial": 1,
    "t3.rejected_repeat.natural": 5,
    "t3.rejected_repeat.commercial": 4,
    "t3.results_total.natural": 767,
    "t3.results_total.commercial": 35,
    "t3.results_total.legal": 2,
    "t3.results_total.other": 1,
    "t3.results_total.total": 805,
    "t3.carried_out.natural": 72,
    "t3.carried_out.total": 72,
}


def test_the_shanghai_2019_page_reads_what_maps_and_says_what_does_not() -> None:
    result = import_file(PAGES / "shanghai-bgt-2019-layout2019.html")
    report = result.report
    cells = _nonzero(report)
    # Table 2 of the 2019 form: 本年新制作数量 and 处理决定数量 mean the same as today's.
    assert {a: v for a, v in cells.items() if a.startswith("t2.")} == {
        "t2.rules.issued": 13,
        "t2.normative_docs.issued": 60,
    }
    published_t3 = {
        a: v
        for a, v in cells.items()
        if a.startswith("t3.") and not (a.endswith(".total") and a not in SHANGHAI_T3)
    }
    assert published_t3 == SHANGHAI_T3
    # The row totals the page left blank are added up (258 + 12 + 1 + 1).
    assert report.cells["t3.granted.total"] == 272
    assert {a: v for a, v in cells.items() if a.startswith("t4.")} == {
        "t4.review.upheld": 5,
        "t4.review.pending": 2,
        "t4.review.total": 7,
        "t4.litigation_direct.upheld": 8,
        "t4.litigation_direct.pending": 1,
        "t4.litigation_direct.total": 9,
    }
    notes = "\n".join(result.notes)
    assert "表二是2019年版的表格" in notes and "「对外公开总数量」" in notes
    assert fmt.cell_name("t2.rules.in_force") in notes  # what must be filled in by hand
    assert "表三是2019年版的表格" in notes and "「（六）其他处理」只有一行" in notes
    assert (report.meta.agency, report.meta.year) == ("上海市人民政府办公厅", 2019)
    # What the page did not hold, by address, for the county's summary.
    assert set(result.unread) == {
        "t2.rules.repealed",
        "t2.rules.in_force",
        "t2.normative_docs.repealed",
        "t2.normative_docs.in_force",
        "t2.fees.amount",
        *(
            f"t3.{row}.{c.key}"
            for row in ("other_no_correction", "other_no_fee")
            for c in fmt.T3_COLUMNS
        ),
    }


def test_the_shanghai_page_keeps_its_published_inconsistency_for_the_rules() -> None:
    """The published text says 无法提供 265 件; its table says 252 + 12 + 1 + 44 + 3 + 25 = 337.
    The import keeps both as published; the text-number check finds the difference."""
    report = import_file(PAGES / "shanghai-bgt-2019-layout2019.html").report
    assert "无法提供265件" in report.text["overview.on_request"]
    unable = (
        "t3.unable_not_held.total",
        "t3.unable_need_creation.total",
        "t3.unable_unclear.total",
    )
    assert sum(report.cells[a] for a in unable) == 337  # type: ignore[misc]
    findings = [f for f in rules.check(report) if f.rule == "TEXT-NUMBER"]
    assert findings and "337" in findings[0].message
    assert report.titles["overview.active"] == "主动公开方面"
    assert report.text["other_matters"] == "无。"


def test_a_gbk_trs_page_with_dashes_split_numbers_and_full_width_digits(huaian_path: Path) -> None:
    page = PAGES / "huaian-2024-trs-gbk.html"
    assert b"charset=gb2312" in page.read_bytes()[:400]
    result = import_file(page)
    assert result.report.cells == _load(huaian_path).cells
    assert (result.report.meta.agency, result.report.meta.year) == ("淮安市", 2024)
    dash_notes = [n for n in result.notes if "“/”“—”" in n]
    assert len(dash_notes) == 1 and dash_notes[0].startswith("表三有 110 个单元格")
    # The table inside the page's <script> is not read (规章 999).
    assert result.report.cells["t2.rules.issued"] == 1
    assert result.unread == [p.address for p in fmt.TEXT_PARTS]  # a page of tables only


def test_a_kindeditor_page_reads_the_sample_back(dazhai_path: Path) -> None:
    result = import_file(PAGES / "dazhai-2025-kindeditor.html")
    sample = _load(dazhai_path)
    assert result.report.cells == sample.cells
    for key, text in sample.text.items():
        assert _paragraphs(result.report.text[key]) == _paragraphs(text), key
    assert result.report.text["other_matters"] == "无"  # the 落款 and the footer are left out
    assert _rules(result.report) == _rules(sample)


# --------------------------------------------------------------------------------------------
# Markup the CMS editors write


def _page(body: str, charset: str = "utf-8") -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>x</title></head><body>{body}</body></html>'
    )


def test_numbers_split_across_spans_nbsp_and_full_width_digits(
    huaian_path: Path, tmp_path: Path
) -> None:
    report = _load(huaian_path)
    tables = "".join(table_html(report, key) for key in fmt.TABLES)
    tables = tables.replace("<p>3001</p>", "<p><span>3</span><span>0</span><b>01</b></p>")
    tables = tables.replace("<p>53</p>", "<p>５３</p>", 1)
    tables = tables.replace("<td><p>0</p></td>", "<td><p>&nbsp;</p></td>")
    page = tmp_path / "p.html"
    page.write_text(
        _page("<h1>淮安市2024年政府信息公开工作年度报告</h1>" + tables), encoding="utf-8"
    )
    result = import_file(page)
    assert result.report.cells == report.cells
    assert any("个单元格是空的，按 0 计" in n for n in result.notes)


def test_the_charset_comes_from_the_meta_and_gbk_is_read_as_gb18030() -> None:
    text = "淮安市2024年政府信息公开工作年度报告 㵘"
    for declared in ("gb2312", "GBK", "gb18030"):
        data = _page(text, declared).encode("gb18030")
        decoded, encoding = decode_page(data)
        assert text in decoded and encoding == "gb18030"
    mislabelled = _page(text, "utf-8").encode("gb18030")  # saved as GBK, meta says UTF-8
    assert text in decode_page(mislabelled)[0]
    assert text in decode_page(b"\xef\xbb\xbf" + _page(text).encode("utf-8"))[0]


def test_a_page_without_tables_or_with_a_table_missing_is_refused(
    dazhai_path: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text(_page("<p>2025年度工作总结</p>"), encoding="utf-8")
    with pytest.raises(ImportFailed, match="没有表格"):
        import_file(empty)
    report = _load(dazhai_path)
    partial = tmp_path / "partial.html"
    partial.write_text(
        _page(table_html(report, fmt.T2) + table_html(report, fmt.T3)), encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as info:
        import_file(partial)
    assert "表四" in str(info.value) and "找不到「行政复议」" in str(info.value)


def test_a_bad_cell_on_a_page_names_its_table_row_and_column(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path)
    tables = "".join(table_html(report, key) for key in fmt.TABLES)
    tables = tables.replace("<td><p>0</p></td>", "<td><p>约5件</p></td>", 1)
    page = tmp_path / "bad.html"
    page.write_text(_page(tables), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_file(page)
    assert "网页“bad.html”第 1 个表格第 3 行第 2 列" in str(info.value)
    assert "约5件" in str(info.value)


def test_a_whole_report_page_round_trips_text_titles_and_cells(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path)
    report.titles["overview.active"] = "主动公开政府信息情况"
    page = tmp_path / "whole.html"
    page.write_text(page_html(report), encoding="utf-8")
    got = import_file(page).report
    assert got.cells == report.cells and got.titles == report.titles
    for key, text in report.text.items():
        assert _paragraphs(got.text[key]) == _paragraphs(text), key


# --------------------------------------------------------------------------------------------
# The command line


def test_gaidesk_import_of_a_page_makes_a_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from gaidesk.__main__ import main
    from gaidesk.store import load_report

    out = tmp_path / "沭阳.gaidesk"
    code = main(["import", str(PAGES / "shuyang-fgj-2023-ucap.html"), "-o", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "已导入" in printed and "  · 表三（收到和处理政府信息公开申请情况）取自网页" in printed
    saved = load_report(out)
    assert _nonzero(saved) == SHUYANG and saved.text["problems.problems"]


def test_gaidesk_import_of_a_page_without_the_tables_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from gaidesk.__main__ import main

    page = tmp_path / "通知.htm"
    page.write_text(_page("<table><tr><td>规章</td><td>3</td></tr></table>"), encoding="utf-8")
    out = tmp_path / "x.gaidesk"
    code = main(["import", str(page), "-o", str(out)])
    _printed, err = capsys.readouterr()
    assert code == 2 and not out.exists()
    assert "无法导入" in err and "找不到" in err and "本年制发件数" in err


def test_pages_that_are_too_big_or_not_pages_are_refused_with_the_reason(
    dazhai_path: Path, tmp_path: Path
) -> None:
    from gaidesk.importer import html

    big = tmp_path / "big.html"
    big.write_bytes(b"<html>" + b" " * html.MAX_PAGE_BYTES + b"</html>")
    with pytest.raises(ImportFailed, match="太大"):
        import_file(big)
    from gaidesk import workbook

    renamed = tmp_path / "其实是表格.html"
    workbook.export_xlsx(_load(dazhai_path), renamed, findings=[])
    with pytest.raises(ImportFailed, match="不是网页"):
        import_file(renamed)
    blank = tmp_path / "blank.htm"
    blank.write_bytes(b"  \n")
    with pytest.raises(ImportFailed, match="是空的"):
        import_file(blank)


def test_spans_and_nesting_beyond_reason_do_not_hang_the_import(tmp_path: Path) -> None:
    cell = '<td rowspan="99999" colspan="99999">1</td>'
    page = tmp_path / "hostile.html"
    page.write_text(
        _page("<div>" * 5000 + "<table>" + ("<tr>" + cell * 20 + "</tr>") * 300 + "</table>"),
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed, match="找不到"):
        import_file(page)


def test_a_lead_paragraph_naming_the_report_stays_the_lead(tmp_path: Path) -> None:
    report = _load(SAMPLES / "dazhai-2025.gaidesk")
    report.text["preface"] = "现将《大寨镇2025年政府信息公开工作年度报告》公布如下。"
    page = tmp_path / "lead.html"
    page.write_text(page_html(report), encoding="utf-8")
    got = import_file(page).report
    assert got.text["preface"] == report.text["preface"]
    assert (got.meta.agency, got.meta.year) == ("大寨镇", 2025)


def test_a_page_laid_out_in_a_table_reads_the_tables_inside_it(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = _load(dazhai_path)
    inner = page_html(report).split("<body>", 1)[1].split("</body>", 1)[0]
    layout = (
        '<table width="1000"><tr><td class="nav">首页 &gt; 政务公开 &gt; 年度报告</td></tr>'
        f'<tr><td class="content">{inner}</td></tr></table>'
    )
    page = tmp_path / "layout.html"
    page.write_text(_page(layout), encoding="utf-8")
    got = import_file(page).report
    assert got.cells == report.cells
    for key, text in report.text.items():
        assert _paragraphs(got.text[key]) == _paragraphs(text), key


def _import_township_page(
    tables_of: Report, tmp_path: Path, section_one: str, section_five: str
) -> Report:
    """Imports a page of 城关镇's report: its title, 一、总体情况 with ``section_one``, the tables
    of ``tables_of`` each under its section's heading, then 五 with ``section_five``."""
    tables = "".join(
        f"<p>{s.heading}</p>" + table_html(tables_of, s.table) for s in fmt.SECTIONS if s.table
    )
    body = (
        "<h1>城关镇2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        f"{section_one}{tables}<p>五、存在的主要问题及改进情况</p>{section_five}"
    )
    page = tmp_path / "township.html"
    page.write_text(_page(body), encoding="utf-8")
    return import_file(page).report


def test_a_sub_item_running_into_its_text_keeps_the_text_whole(
    dazhai_path: Path, tmp_path: Path
) -> None:
    got = _import_township_page(
        _load(dazhai_path),
        tmp_path,
        section_one=(
            "<p>（一）主动公开。全年发布信息120条。</p>"
            "<p>（二）依申请公开本年度，我镇未收到申请。</p>"
            "<p>（三）<strong>完善公开制度规范，加强政府信息管理</strong></p><p>规范发布审核。</p>"
        ),
        section_five="<p>（一）主要问题：人手不足。</p>",
    )
    assert got.text["overview.active"] == "全年发布信息120条。"
    assert got.text["overview.on_request"] == "依申请公开本年度，我镇未收到申请。"
    assert got.text["overview.management"] == "规范发布审核。"
    assert got.titles == {"overview.management": "完善公开制度规范，加强政府信息管理"}
    assert got.text["problems.problems"] == "人手不足。"


def test_a_label_that_lost_its_last_character_is_still_found(
    dazhai_path: Path, tmp_path: Path
) -> None:
    """Published as 「现行有效件」 (昌图县七家子镇 2023, changtu.gov.cn); 「其他」 stays exact."""
    report = _load(dazhai_path)
    report.cells["t2.rules.in_force"] = 6
    tables = "".join(table_html(report, key) for key in fmt.TABLES)
    assert tables.count("<p>现行有效件数</p>") == 1
    page = tmp_path / "clipped.html"
    page.write_text(_page(tables.replace("<p>现行有效件数</p>", "<p>现行有效件</p>")), "utf-8")
    assert import_file(page).report.cells["t2.rules.in_force"] == 6
    from gaidesk.importer.grid import Grid

    grid = Grid("t", {(1, 1): "其", (2, 1): "规范性文", (3, 1): "总"})
    assert grid.find("其他") == [] and grid.find("总计") == []
    assert grid.find("规范性文件") == [(2, 1)]


def test_text_under_section_one_before_its_first_sub_item_is_its_lead_paragraph(
    dazhai_path: Path, tmp_path: Path
) -> None:
    got = _import_township_page(
        _load(dazhai_path),
        tmp_path,
        section_one=(
            "<p>2024年，城关镇全面推进政务公开。</p>"
            "<p>（一）主动公开</p><p>全年发布信息120条。</p>"
            "<p>（二）依申请公开</p><p>本年度未收到申请。</p>"
        ),
        section_five="<p>（一）主要问题</p><p>人手不足。</p>",
    )
    assert got.text["overview.lead"] == "2024年，城关镇全面推进政务公开。"
    assert got.text["overview.active"] == "全年发布信息120条。"
    assert got.text["overview.on_request"] == "本年度未收到申请。"
    assert got.text["problems.problems"] == "人手不足。"
