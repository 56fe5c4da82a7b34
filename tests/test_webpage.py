"""The web version (网站发布版): a self-contained page whose tables survive a CMS's paste filter.

The pages as pasted into real editors are checked in test_webpage_paste.py; here the page itself is
read with the standard library's HTML parser.
"""

from __future__ import annotations

import os
import stat
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gaidesk import draft, rules
from gaidesk import format as fmt
from gaidesk import outline as ol
from gaidesk.errors import ExportError
from gaidesk.model import Report
from gaidesk.webpage import DRAFT_NOTE, export_html, rare_characters, render_html


class Page(HTMLParser):
    """Every element with its attributes, and each table's cells with their text nodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.tables: list[list[list[tuple[dict[str, str], list[str]]]]] = []
        self._cell: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.elements.append((tag, found))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag == "td":
            self._cell = []
            self.tables[-1][-1].append((found, self._cell))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def test_self_contained_and_styled_only_inline(huaian_path: Path) -> None:
    report = load(huaian_path)
    result = render_html(report, findings=rules.check(report))
    assert result.html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in result.html
    page = parse(result.html)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"style", "script", "link", "img", "iframe", "object", "colgroup", "col"}
    for _, attrs in page.elements:
        assert "class" not in attrs and "src" not in attrs and "href" not in attrs
        assert "url(" not in attrs.get("style", "")
    assert result.draft == bool(fmt.count(rules.check(report), fmt.Severity.ERROR))


def test_every_cell_of_every_table_with_its_merge_border_and_number(huaian_path: Path) -> None:
    report = load(huaian_path)
    result = render_html(report, findings=rules.check(report))
    page = parse(result.fragment)
    grids = [s.table for s in ol.outline(report).sections if s.table]
    assert len(page.tables) == len(grids) == len(fmt.TABLES)
    tables = [a for t, a in page.elements if t == "table"]
    for grid, rows, table_attrs in zip(grids, page.tables, tables, strict=True):
        assert (table_attrs["border"], table_attrs["cellspacing"]) == ("1", "0")
        assert f"font-size: {grid.traits.print_sizes[0]:g}pt" in table_attrs["style"]
        assert [len(r) for r in rows] == [len(r) for r in grid.rows()]
        for expected_row, row in zip(grid.rows(), rows, strict=True):
            for cell, (attrs, texts) in zip(expected_row, row, strict=True):
                assert int(attrs.get("rowspan", "1")) == cell.rowspan
                assert int(attrs.get("colspan", "1")) == cell.colspan
                assert "border: 1px solid" in attrs["style"]
                assert attrs["align"] == cell.align and cell.align in attrs["style"]
                assert attrs["width"].endswith("%")
                if cell.is_value:
                    assert texts == [cell.text] == [str(report.cells[cell.address])]
                else:
                    assert "".join(texts) == cell.text


def test_a_blank_report_prints_zero_in_every_count() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    page = parse(render_html(report, findings=[]).fragment)
    values = [
        texts
        for rows in page.tables
        for row in rows
        for attrs, texts in row
        if "nowrap" in attrs["style"]
    ]
    assert len(values) == len(fmt.VALUE_CELLS)
    assert all(texts == ["0"] for texts in values)


def test_narrative_signature_and_plain_text(dazhai_path: Path) -> None:
    report = load(dazhai_path)
    report.meta.publish_date = "2026-01-20"
    result = render_html(report, findings=rules.check(report))
    printed = ol.outline(report)
    body = "".join(parse(result.fragment).text)
    for text in printed.texts():
        if text.strip():
            assert text in body or text in result.fragment
    assert body.index(printed.title) < body.index(printed.sections[0].heading)
    assert body.rstrip().endswith("2026年1月20日")
    first = printed.sections[0].parts[1]  # （一）, after the (empty) lead paragraph of 一
    lines = result.text.splitlines()
    # The sub-heading on a line of its own above its paragraph, as printed (docs/format.md §8).
    assert lines[lines.index(first.heading) + 1] == first.paragraphs[0]
    assert lines[0] == printed.title and lines[-1] == "2026年1月20日"
    assert DRAFT_NOTE not in result.html and not result.draft
    t3 = next(s.table for s in printed.sections if s.table and s.table.traits.one_page)
    assert t3 is not None
    last = ["" for _ in range(t3.spec.cols)]
    for c in t3.rows()[-1]:
        last[c.col] = c.text
    assert "\t".join(last) in lines


def test_rare_characters_stay_characters_and_are_named_for_the_clerk() -> None:
    report = Report.blank("㵘𠀾镇人民政府", 2025)
    report.text[fmt.PREFACE.key] = "䶮龘和普通字。"
    result = render_html(report, findings=[])
    assert result.rare == ("㵘", "𠀾", "䶮")  # 龘 is in GBK: every Chinese Windows has it
    for ch in "㵘𠀾䶮龘":
        assert ch in result.html and ch in result.text
    assert "&#" not in result.html
    assert "㵘、𠀾、䶮" in result.note and result.note not in result.html
    assert render_html(Report.blank("大寨镇人民政府", 2025), findings=[]).note == ""
    assert rare_characters(["abc 中文 ，。"]) == ()


def test_a_report_with_errors_is_marked_draft() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    findings = rules.check(report)
    assert fmt.count(findings, fmt.Severity.ERROR)
    result = render_html(report, findings=findings)
    assert result.draft
    assert DRAFT_NOTE in result.fragment and result.text.startswith(DRAFT_NOTE)
    # The default title carries the body's full name (docs/format.md §1).
    assert "<title>大寨镇人民政府2025年政府信息公开工作年度报告（草稿）</title>" in result.html


def test_markup_in_the_text_is_text() -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    report.text[fmt.PREFACE.key] = '<script>alert("x")</script> & <b>'
    result = render_html(report, findings=[])
    assert "<script>" not in result.html and "&lt;script&gt;" in result.html
    assert '<script>alert("x")</script> & <b>' in "".join(parse(result.html).text)


def test_written_atomically_as_utf8(tmp_path: Path) -> None:
    report = Report.blank("㵘镇人民政府", 2025)
    target = tmp_path / "报告.html"
    result = export_html(report, target, findings=[])
    assert result.path == target
    assert target.read_bytes().decode("utf-8") == result.html
    assert list(tmp_path.iterdir()) == [target]


def test_a_folder_or_read_only_target_is_refused(tmp_path: Path) -> None:
    report = Report.blank("大寨镇人民政府", 2025)
    with pytest.raises(ExportError, match="导出网站发布版"):
        export_html(report, tmp_path, findings=[])
    if sys.platform != "win32" and os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            with pytest.raises(ExportError):
                export_html(report, folder / "a.html", findings=[])
        finally:
            folder.chmod(stat.S_IRWXU)
