"""The Word export (gaidesk.docx_export): its XML read as WPS and Word read it, and the document
converted by LibreOffice Writer to PDF and read back with pdftotext."""

from __future__ import annotations

import collections
import io
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from gaidesk import docx_export, docx_layout, docx_tables, draft, rules
from gaidesk import format as fmt
from gaidesk.docx_export import render_docx
from gaidesk.docx_layout import STYLE_IDS, WORD_FACES
from gaidesk.fonts import BODY, HEADING, OFFICIAL_FACES, SUBHEADING, TABLE, TITLE
from gaidesk.model import Report
from gaidesk.outline import outline
from tests.support.office import convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def load(path: Path) -> Report:
    return draft.parse(path.read_bytes())


def docx_of(report: Report) -> bytes:
    return render_docx(report, findings=rules.check(report)).data


def parts(data: bytes) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: ElementTree.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }


def attr(element: ElementTree.Element | None, name: str) -> str | None:
    return None if element is None else element.get(W + name)


def styles_by_id(xml: dict[str, ElementTree.Element]) -> dict[str, ElementTree.Element]:
    return {s.get(W + "styleId") or "": s for s in xml["word/styles.xml"].iter(W + "style")}


def paragraph_text(p: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def body_paragraphs(xml: dict[str, ElementTree.Element]) -> list[ElementTree.Element]:
    body = xml["word/document.xml"].find(W + "body")
    assert body is not None
    return [p for p in body if p.tag == W + "p"]


def style_of(p: ElementTree.Element) -> str | None:
    return attr(p.find(f"{W}pPr/{W}pStyle"), "val")


# --------------------------------------------------------------------------------------------
# The XML: what WPS and Word read


def test_every_role_names_its_official_face_in_every_font_slot(dazhai_path: Path) -> None:
    xml = parts(docx_of(load(dazhai_path)))
    styles = styles_by_id(xml)
    used = collections.Counter(style_of(p) for p in body_paragraphs(xml))
    for role in (TITLE, HEADING, SUBHEADING, BODY, TABLE):
        face = WORD_FACES[role]
        assert face in OFFICIAL_FACES[role]
        style = styles[STYLE_IDS[role]]
        fonts = style.find(f"{W}rPr/{W}rFonts")
        assert {attr(fonts, k) for k in ("eastAsia", "ascii", "hAnsi")} == {face}, role
        assert attr(fonts, "hint") == "eastAsia"
    # Text a leader adds (Normal) is body text: 仿宋_GB2312, 三号.
    normal = styles["Normal"].find(W + "rPr")
    assert (
        attr(normal.find(W + "rFonts") if normal is not None else None, "eastAsia")
        == (WORD_FACES[BODY])
    )
    assert attr(normal.find(W + "sz") if normal is not None else None, "val") == "32"
    assert used[STYLE_IDS[TITLE]] == 1
    assert used[STYLE_IDS[HEADING]] == len(fmt.SECTIONS)
    assert used[STYLE_IDS[BODY]] > 10
    sizes = {
        role: attr(styles[STYLE_IDS[role]].find(f"{W}rPr/{W}sz"), "val")
        for role in (TITLE, HEADING, SUBHEADING, BODY)
    }
    assert sizes == {TITLE: "44", HEADING: "32", SUBHEADING: "32", BODY: "32"}  # 二号, 三号


def test_the_font_table_names_each_face_with_its_other_name(dazhai_path: Path) -> None:
    data = docx_of(load(dazhai_path))
    fonts = {attr(f, "name"): f for f in parts(data)["word/fontTable.xml"].iter(W + "font")}
    for role, face in WORD_FACES.items():
        entry = fonts[face]
        alt = attr(entry.find(W + "altName"), "val")
        assert alt == docx_layout.ALT_FACES[role] and alt in OFFICIAL_FACES[role]
        assert attr(entry.find(W + "charset"), "val") == "86"  # GB2312
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        left_out = [n for n in package.namelist() if "thumbnail" in n or "WithEffects" in n]
        assert left_out == []  # the template's empty-page preview and stale style copy
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "python-docx" not in core and "2013" not in core


def test_page_is_a4_with_the_gbt9704_text_block_and_22_lines_of_28(dazhai_path: Path) -> None:
    xml = parts(docx_of(load(dazhai_path)))
    sect = xml["word/document.xml"].find(f"{W}body/{W}sectPr")
    assert sect is not None
    size, margins, grid = sect.find(W + "pgSz"), sect.find(W + "pgMar"), sect.find(W + "docGrid")

    def mm(element: ElementTree.Element | None, name: str) -> float:
        return int(attr(element, name) or 0) * 25.4 / 1440

    assert (round(mm(size, "w")), round(mm(size, "h"))) == (210, 297)
    assert [round(mm(margins, k)) for k in ("top", "bottom", "left", "right")] == [37, 35, 28, 26]
    width = int(attr(size, "w") or 0) - int(attr(margins, "left") or 0)
    width -= int(attr(margins, "right") or 0)
    height = int(attr(size, "h") or 0) - int(attr(margins, "top") or 0)
    height -= int(attr(margins, "bottom") or 0)
    assert (round(width * 25.4 / 1440), round(height * 25.4 / 1440)) == (156, 225)
    # 22 lines of the grid fill the text block, a 23rd would not fit.
    pitch = int(attr(grid, "linePitch") or 0)
    assert attr(grid, "type") == "lines"
    assert 22 * pitch <= height < 23 * pitch
    body = styles_by_id(xml)[STYLE_IDS[BODY]]
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == (str(pitch), "exact")
    # 28 characters of 三号 (320 twips) with the tracking fit the line, 29 do not.
    tracking = int(attr(body.find(f"{W}rPr/{W}spacing"), "val") or 0)
    assert 28 * (320 + tracking) <= width < 29 * (320 + tracking)
    assert attr(body.find(f"{W}pPr/{W}ind"), "firstLineChars") == "200"
    assert xml["word/settings.xml"].find(W + "evenAndOddHeaders") is not None


def test_page_numbers_are_outside_on_odd_and_even_pages(dazhai_path: Path) -> None:
    xml = parts(docx_of(load(dazhai_path)))
    sect = xml["word/document.xml"].find(f"{W}body/{W}sectPr")
    assert sect is not None
    rels = {
        r.get("Id"): r.get("Target")
        for r in xml["word/_rels/document.xml.rels"]
        if (r.get("Type") or "").endswith("/footer")
    }
    footers = {attr(ref, "type"): rels[ref.get(R_ID)] for ref in sect.iter(W + "footerReference")}
    assert set(footers) == {"default", "even"}
    sides = {"default": "right", "even": "left"}
    for kind, target in footers.items():
        footer = xml[f"word/{target}"]
        (p,) = footer.iter(W + "p")
        assert attr(p.find(f"{W}pPr/{W}jc"), "val") == sides[kind]
        assert attr(p.find(f"{W}pPr/{W}ind"), sides[kind]) == "280"  # one 四号 character in
        (field,) = p.iter(W + "fldSimple")
        assert attr(field, "instr").strip() == "PAGE"
        text = paragraph_text(p)
        assert re.fullmatch(r"— \d+ —", text), text
        for run in p.iter(W + "r"):
            assert attr(run.find(f"{W}rPr/{W}rFonts"), "eastAsia") == WORD_FACES[TABLE]
            assert attr(run.find(f"{W}rPr/{W}sz"), "val") == "28"  # 四号


def _span(tc: ElementTree.Element) -> int:
    return int(attr(tc.find(f"{W}tcPr/{W}gridSpan"), "val") or 1)


def _merge(tc: ElementTree.Element) -> str | None:
    """ "restart" for the first cell of a vertical merge, "" for a continuing one, else None."""
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return None if merge is None else attr(merge, "val") or ""


def test_tables_carry_every_merge_of_the_format(huaian_path: Path) -> None:
    report = load(huaian_path)
    xml = parts(docx_of(report))
    body = xml["word/document.xml"].find(W + "body")
    assert body is not None
    tables = [e for e in body if e.tag == W + "tbl"]
    grids = [s.table for s in outline(report).sections if s.table is not None]
    assert len(tables) == len(grids) == len(fmt.TABLES)
    for table, grid in zip(tables, grids, strict=True):
        spec = grid.spec
        cells = list(table.iter(W + "tc"))
        wide = [c for c in spec.grid if c.colspan > 1]
        tall = [c for c in spec.grid if c.rowspan > 1]
        # A column span is one w:tc with gridSpan; a tall cell continues in the rows below as
        # w:vMerge cells of the same span.
        continuing = sum(c.rowspan - 1 for c in tall)
        assert [_merge(tc) for tc in cells].count("restart") == len(tall), spec.key
        assert [_merge(tc) for tc in cells].count("") == continuing, spec.key
        assert sum(1 for tc in cells if _span(tc) > 1) == len(wide) + sum(
            c.rowspan - 1 for c in tall if c.colspan > 1
        ), spec.key
        rows = [list(row.iter(W + "tc")) for row in table.iter(W + "tr")]
        assert len(rows) == spec.rows
        # Every row fills the grid, and each cell's text is where the format puts it.
        printed = {(c.row, c.col): c.text for c in grid.cells}
        for r, row in enumerate(rows):
            col = 0
            for tc in row:
                text = "".join(t.text or "" for t in tc.iter(W + "t"))
                assert text == ("" if _merge(tc) == "" else printed[r, col]), (spec.key, r, col)
                col += _span(tc)
            assert col == spec.cols


def test_tables_are_never_split_and_kept_with_their_heading(dazhai_path: Path) -> None:
    xml = parts(docx_of(load(dazhai_path)))
    body = xml["word/document.xml"].find(W + "body")
    assert body is not None
    elements = list(body)
    for i, table in enumerate(elements):
        if table.tag != W + "tbl":
            continue
        heading = elements[i - 1]
        assert style_of(heading) == STYLE_IDS[HEADING]  # the style keeps with next
        rows = list(table.iter(W + "tr"))
        for n, row in enumerate(rows):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            keeps = [p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(W + "p")]
            assert all(keeps) if n < len(rows) - 1 else not any(keeps)
    styles = styles_by_id(xml)
    assert styles[STYLE_IDS[HEADING]].find(f"{W}pPr/{W}keepNext") is not None


def test_table_three_gets_a_size_that_fits_one_page(huaian_path: Path) -> None:
    report = load(huaian_path)
    grid = outline(report).sections[2].table
    assert grid is not None and grid.traits.one_page
    layout = docx_tables.table_layout(grid)
    assert layout.size in grid.traits.print_sizes and layout.size >= 9
    assert sum(layout.widths) == docx_layout.TEXT_WIDTH
    room = docx_layout.TEXT_HEIGHT * docx_tables.T3_FILL - docx_layout.LINE_PITCH
    assert docx_tables.estimated_height(grid, layout) <= room
    for size in (s for s in grid.traits.print_sizes if s > layout.size):
        for widen in (True, False):
            larger = docx_tables.Layout(size, docx_tables._column_widths(grid, size, widen=widen))
            assert docx_tables.estimated_height(grid, larger) > room
    assert render_docx(report, findings=[]).table_sizes[fmt.T3] == layout.size


def test_column_headers_break_between_pairs() -> None:
    assert docx_tables.header_lines("社会公益组织", 3.2) == ["社会", "公益", "组织"]
    assert docx_tables.header_lines("商业企业", 3.2) == ["商业", "企业"]
    assert docx_tables.header_lines("社会公益组织", 4.5) == ["社会公益", "组织"]
    assert docx_tables.header_lines("自然人", 3.2) == ["自然人"]


def test_title_signature_and_rare_characters(dazhai_path: Path) -> None:
    report = load(dazhai_path)
    report.meta.publish_date = "2026-01-20"
    part = fmt.SECTIONS[0].parts[0]
    report.text[part.key] = "本年度新建𠀾字库，收录㵘、䶮、龘等生僻字。"
    xml = parts(docx_of(report))
    paragraphs = body_paragraphs(xml)
    assert paragraph_text(paragraphs[0]) == report.meta.effective_title
    assert attr(styles_by_id(xml)[STYLE_IDS[TITLE]].find(f"{W}pPr/{W}jc"), "val") == ("center")
    text = "\n".join(paragraph_text(p) for p in paragraphs)
    # Characters outside the basic plane stay characters.
    assert "本年度新建𠀾字库，收录㵘、䶮、龘等生僻字。" in text
    # The 落款: the body's full name, then the date, right-aligned; the date starts two
    # characters further right than the name.
    name, date = paragraphs[-2], paragraphs[-1]
    assert paragraph_text(name) == report.meta.agency
    assert paragraph_text(date) == "2026年1月20日"
    for p in (name, date):
        assert attr(p.find(f"{W}pPr/{W}jc"), "val") == "right"
    name_right = int(attr(name.find(f"{W}pPr/{W}ind"), "rightChars") or 0)
    date_right = int(attr(date.find(f"{W}pPr/{W}ind"), "rightChars") or 0)
    name_width = docx_layout.em_width(report.meta.agency)
    date_width = docx_layout.em_width("2026年1月20日")
    # Measured from the right edge: the date starts two characters right of the name, and
    # the longer line keeps two characters of space on its right.
    name_start = name_right / 100 + name_width
    date_start = date_right / 100 + date_width
    assert round(name_start - date_start, 2) == 2.0
    assert min(name_right, date_right) == 200
    assert name.find(f"{W}pPr/{W}keepNext") is not None
    assert paragraphs[-3].find(f"{W}pPr/{W}keepNext") is not None


def test_a_report_with_errors_is_marked_draft(huaian_path: Path, dazhai_path: Path) -> None:
    draft_report = load(huaian_path)
    result = render_docx(draft_report, findings=rules.check(draft_report))
    assert result.draft
    xml = parts(result.data)
    headers = [name for name in xml if name.startswith("word/header")]
    assert len(headers) == 2  # odd and even pages
    for name in headers:
        assert docx_export.DRAFT_MARK in "".join(t.text or "" for t in xml[name].iter(W + "t"))
    core = xml["docProps/core.xml"]
    assert any("（草稿）" in (e.text or "") for e in core)
    final = render_docx(load(dazhai_path), findings=rules.check(load(dazhai_path)))
    assert not final.draft
    assert not [n for n in parts(final.data) if n.startswith("word/header")]


def test_export_writes_atomically_and_refuses_a_folder(dazhai_path: Path, tmp_path: Path) -> None:
    from gaidesk.errors import ExportError

    report = load(dazhai_path)
    out = tmp_path / "报告.docx"
    result = docx_export.export_docx(report, out, findings=[])
    assert result.path == out and out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]
    (tmp_path / "folder.docx").mkdir()
    with pytest.raises(ExportError):
        docx_export.export_docx(report, tmp_path / "folder.docx", findings=[])


# --------------------------------------------------------------------------------------------
# LibreOffice Writer reads it


def _pdf_pages(docx: Path, tmp_path: Path) -> list[str]:
    """The document converted by LibreOffice Writer to PDF, each page's text (pdftotext)."""
    convert(docx, "pdf", tmp_path, tmp_path / "lo-profile")
    pdf = docx.with_suffix(".pdf")
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")[:-1]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _words(text: str) -> str:
    """The text without spaces and punctuation: LibreOffice 7.4 hangs a mark that may not
    start a line (「、」「，」) into the margin even when told not to, and in a justified line
    leaves it off the page; Word and WPS keep it (docs/format.md §8, the Word document)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "P")


@pytest.mark.slow
@pytest.mark.parametrize("sample", ["dazhai_path", "huaian_path"])
def test_libreoffice_prints_every_label_and_number_and_table_three_on_one_page(
    sample: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    report = load(request.getfixturevalue(sample))
    docx = tmp_path / "report.docx"
    docx_export.export_docx(report, docx, findings=rules.check(report))
    pages = _pdf_pages(docx, tmp_path)
    for n, text in enumerate(pages, start=1):
        assert f"— {n} —" in text, n  # the page number of every page
    # The text block of each page, without the page number and the draft mark.
    blocks = [
        "\n".join(
            line
            for line in page.splitlines()
            if not re.fullmatch(r"— \d+ —", line) and line != docx_export.DRAFT_MARK
        )
        for page in pages
    ]
    flat = [_flat(page) for page in blocks]
    everything = "".join(flat)
    printed = outline(report)
    words = _words(everything)
    for section in printed.sections:
        assert _flat(section.heading) in everything
        for part in section.parts:
            for paragraph in part.paragraphs:
                assert _words(paragraph) in words
        if section.table is None:
            continue
        labels = [_flat(c.text) for c in section.table.cells if not c.is_value]
        for label in labels:
            assert label in everything, label
        # Every number, as often as the table holds it.
        wanted = collections.Counter(c.text for c in section.table.cells if c.is_value)
        tokens = collections.Counter(" ".join(blocks).split())
        for number, count in wanted.items():
            assert tokens[number] >= count, number
    # Table 3 with its heading on one page: every label of it on the same page.
    t3 = printed.sections[2]
    assert t3.table is not None
    (page,) = [f for f in flat if _flat(fmt.T3_CORNER) in f]
    assert _flat(t3.heading) in page
    assert all(_flat(c.text) in page for c in t3.table.cells if not c.is_value)
    # The 落款 at the end.
    assert flat[-1].endswith(_flat(printed.signature.name + printed.signature.date))


def test_a_blank_report_and_numbers_too_wide_for_their_cells() -> None:
    report = Report.blank()  # no body, no year, no text: still a valid document
    wide = fmt.cell(fmt.T3, fmt.T3_NEW_ROW, fmt.T3_COLUMNS[0].key)
    report.cells[wide] = 123456789012
    report.recompute_totals()
    result = render_docx(report, findings=rules.check(report))
    assert result.draft
    xml = parts(result.data)
    paragraphs = body_paragraphs(xml)
    assert paragraph_text(paragraphs[-1]) == "　　　　年　　月　　日"  # a date to fill in by hand
    assert paragraphs[-2].find(f"{W}pPr/{W}keepNext") is not None  # 六's heading keeps with it
    size = result.table_sizes[fmt.T3]
    runs = [
        r
        for r in xml["word/document.xml"].iter(W + "r")
        if "".join(t.text or "" for t in r.iter(W + "t")) == "123456789012"
    ]
    assert len(runs) == 2  # the cell and its row's total
    for run in runs:
        shrunk = int(attr(run.find(f"{W}rPr/{W}sz"), "val") or 0) / 2
        assert size / 2 <= shrunk < size  # smaller to stay on one line, at most to half size


@pytest.mark.slow
def test_libreoffice_keeps_table_three_on_one_page_with_seven_digits_and_long_text(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = load(dazhai_path)
    for address in fmt.ADDRESSES:
        if fmt.VALUE_CELLS[address].kind is fmt.CellKind.COUNT:
            report.cells[address] = 1234567
    for part in fmt.TEXT_PARTS:
        report.text[part.key] = "本年度持续推进政府信息公开工作，" * 60
    report.recompute_totals()
    docx = tmp_path / "stress.docx"
    result = docx_export.export_docx(report, docx, findings=rules.check(report))
    assert result.table_sizes[fmt.T3] >= 8
    pages = [_flat(page) for page in _pdf_pages(docx, tmp_path)]
    t3 = outline(report).sections[2]
    assert t3.table is not None
    (page,) = [p for p in pages if _flat(fmt.T3_CORNER) in p]
    assert _flat(t3.heading) in page
    assert all(_flat(c.text) in page for c in t3.table.cells if not c.is_value)
    # Every applicant column of every row but the results total (which adds 21 of them).
    assert page.count("1234567") >= 6 * (len(fmt.T3_ROWS) - 1)


def test_a_title_wider_than_the_block_breaks_after_the_body_s_name() -> None:
    report = Report.blank("大寨镇人民政府", 2025, short_name="大寨镇人民政府")
    paragraphs = body_paragraphs(parts(docx_of(report)))
    titles = [p for p in paragraphs if style_of(p) == STYLE_IDS[TITLE]]
    assert [paragraph_text(p) for p in titles] == [
        "大寨镇人民政府",
        "2025年政府信息公开工作年度报告",
    ]
    short = Report.blank("大寨镇人民政府", 2025)
    short.meta.title = "大寨镇2025年政府信息公开工作年度报告"  # a title she typed, fits one line
    titles = [p for p in body_paragraphs(parts(docx_of(short))) if style_of(p) == STYLE_IDS[TITLE]]
    assert [paragraph_text(p) for p in titles] == [short.meta.effective_title]
