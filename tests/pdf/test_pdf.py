"""The printed report: text, tables, fonts, watermark and layout read back from the PDF itself.

The PDF is taken apart by tests/support/pdf.py (text pieces with their position, the stroked
grid lines); table cells are rebuilt from the grid lines, so every label and every number is
checked in the cell where it is printed.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from gaidesk import fonts, rules
from gaidesk import format as fmt
from gaidesk.errors import ExportError
from gaidesk.fonts import MissingGlyphError
from gaidesk.model import Report, format_value
from gaidesk.pdf import export_pdf, faces, geometry, render_pdf_bytes, typesetter
from gaidesk.pdf.linebreak import NO_LINE_START
from tests.support.paths import DATA, SAMPLES
from tests.support.pdf import (
    Page,
    Piece,
    cell_lines,
    line_texts,
    load,
    merged_text,
    read_pdf,
    squeeze,
    table_cells,
)

GOLDEN = DATA / "pdf-layout-dazhai.json"
# The creation date of the PDFs compared byte for byte (an export stamps its own time).
WHEN = datetime.datetime(2026, 1, 20, 9, 30)
UPDATE_GOLDEN = os.environ.get("GAIDESK_UPDATE_GOLDEN") == "1"


# --------------------------------------------------------------------------------------------
# Fixtures: each sample rendered once per test session


@pytest.fixture(scope="module")
def dazhai_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, bytes, list[Page]]:
    report = load(SAMPLES / "dazhai-2025.gaidesk")
    tmp = tmp_path_factory.mktemp("dazhai")
    data = render_pdf_bytes(report, findings=rules.check(report))
    return report, data, read_pdf(data, tmp)


@pytest.fixture(scope="module")
def huaian_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, bytes, list[Page]]:
    report = load(SAMPLES / "huaian-2024-tables.gaidesk")
    tmp = tmp_path_factory.mktemp("huaian")
    data = render_pdf_bytes(report, findings=rules.check(report))
    return report, data, read_pdf(data, tmp)


# --------------------------------------------------------------------------------------------
# Text


def expected_sequence(report: Report) -> list[str]:
    """Everything printed, in reading order, as the format defines it."""
    out = [report.meta.effective_title]
    for section in fmt.SECTIONS:
        out.append(section.heading)
        if section.table:
            grid = sorted(fmt.TABLES[section.table].grid, key=lambda c: (c.row, c.col))
            out += [format_value(report.cells[c.address]) if c.is_value else c.text for c in grid]
        for part in section.parts:
            if part.number:
                out.append(report.title_of(part.key))
            out += [p for p in report.text[part.key].split("\n") if p.strip()]
    return [squeeze(s) for s in out]


def test_dazhai_text_in_reading_order(dazhai_pdf: tuple[Report, bytes, list[Page]]) -> None:
    report, _, pages = dazhai_pdf
    text = squeeze("".join(p.body_text for p in pages))
    pos = 0
    for expected in expected_sequence(report):
        found = text.find(expected, pos)
        assert found >= 0, (
            f"not found in reading order after {text[max(0, pos - 20) : pos]!r}: {expected!r}"
        )
        pos = found + len(expected)
    for section in fmt.SECTIONS:
        assert section.heading in text
    # The sub-headings of 一 and of 五 alike stand on their own lines (docs/format.md §8).
    printed_lines = set()
    for page in pages:
        by_y: dict[float, str] = {}
        for piece in sorted(page.pieces, key=lambda p: p.x):
            by_y[round(piece.y, 1)] = by_y.get(round(piece.y, 1), "") + piece.text
        printed_lines |= {squeeze(line) for line in by_y.values()}
    titled = [p for s in fmt.SECTIONS for p in s.parts if p.number]
    assert {s.number for s in fmt.SECTIONS for p in s.parts if p.number} == {"一", "五"}
    for part in titled:
        assert report.title_of(part.key) in printed_lines, part.key


@pytest.mark.parametrize("sample", ["dazhai_pdf", "huaian_pdf"])
def test_every_label_and_number_in_its_cell(sample: str, request: pytest.FixtureRequest) -> None:
    report, _, pages = request.getfixturevalue(sample)
    tables = table_cells(pages)
    for key, cells in tables.items():
        for cell in fmt.TABLES[key].grid:
            expected = format_value(report.cells[cell.address]) if cell.is_value else cell.text
            assert merged_text(cells, cell) == expected, (key, cell)


def test_huaian_numbers_are_the_city_s(huaian_pdf: tuple[Report, bytes, list[Page]]) -> None:
    report, _, pages = huaian_pdf
    tables = table_cells(pages)
    # Row 「一、本年新收政府信息公开申请数量」 is grid row 3; its 自然人 and 总计 columns.
    assert tables["t3"][(3, 3)] == "3001" == str(report.cells["t3.new.natural"])
    assert tables["t3"][(3, 9)] == str(report.cells["t3.new.total"]) == "3119"
    fee = next(c for c in fmt.TABLES["t2"].grid if c.address == "t2.fees.amount")
    assert merged_text(tables["t2"], fee) == report.cells["t2.fees.amount"] == "96171.6"


def test_no_line_of_the_narrative_starts_with_closing_punctuation(
    dazhai_pdf: tuple[Report, bytes, list[Page]],
) -> None:
    _, _, pages = dazhai_pdf
    starts = 0
    for page in pages:
        if page.grids():
            continue
        lines: dict[float, list[Piece]] = {}
        for piece in page.pieces:
            lines.setdefault(round(piece.y, 1), []).append(piece)
        for y, pieces in lines.items():
            first = min(pieces, key=lambda p: p.x).text.strip()[:1]
            assert first not in NO_LINE_START, (page.number, y, first)
            starts += 1
    assert starts > 40


# --------------------------------------------------------------------------------------------
# Pages, fonts, watermark


def test_table_3_on_one_page_and_page_numbers(dazhai_pdf: tuple[Report, bytes, list[Page]]) -> None:
    _, _, pages = dazhai_pdf
    with_t3 = [p.number for p in pages if fmt.T3_RESULTS in squeeze(p.text)]
    rows = {fmt.T3_ROWS[0].label, fmt.T3_ROWS[-1].label, fmt.T3_CORNER}
    assert len(with_t3) == 1
    t3_page = pages[with_t3[0] - 1]
    assert all(squeeze(r) in squeeze(t3_page.text) for r in rows)
    assert len(t3_page.grids()) == 1
    for page in pages:
        assert f"— {page.number} —" in page.text


def _column(key: str, label: str) -> tuple[int, int]:
    return next((c.row, c.col) for c in fmt.TABLES[key].grid if c.text == label)


@pytest.mark.parametrize("sample", ["dazhai_pdf", "huaian_pdf"])
def test_table_headers_break_between_words(sample: str, request: pytest.FixtureRequest) -> None:
    """Table 3's data columns hold 自然人 and 总计 on one line; longer headers break between
    their two-character words (社会/公益/组织, 结果/维持); no header leaves one character alone on
    its last line."""
    _, _, pages = request.getfixturevalue(sample)
    t3 = cell_lines(pages, "t3")
    short = [c.label for c in fmt.T3_COLUMNS if len(c.label) <= geometry.T3_HEADER_CHARS]
    assert "自然人" in short
    for label in short:
        assert line_texts(t3[_column("t3", label)]) == [label]
    for label in ("社会公益组织", "法律服务机构"):
        lines = line_texts(t3[_column("t3", label)])
        assert "".join(lines) == label and all(len(line) == 2 for line in lines), lines
    t4 = cell_lines(pages, "t4")
    for cell in fmt.TABLES["t4"].grid:
        if cell.text == "结果维持":
            assert line_texts(t4[(cell.row, cell.col)]) == ["结果", "维持"]
    for key, lines_by_cell in (("t2", cell_lines(pages, "t2")), ("t3", t3), ("t4", t4)):
        for cell in fmt.TABLES[key].grid:
            lines = line_texts(lines_by_cell[(cell.row, cell.col)])
            if cell.header and len(lines) > 1:
                assert len(lines[-1]) >= 2, (key, lines)


def test_table_3_size_and_six_digit_numbers(
    dazhai_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Table 3 is printed on one page at 9.5 pt or more, and numbers of six digits are printed
    at the table's size, on one line, without shrinking."""
    report = load(dazhai_path)
    for cell in fmt.TABLES["t3"].grid:
        if cell.is_value:
            report.cells[cell.address] = 999999
    pages = read_pdf(render_pdf_bytes(report, findings=[]), tmp_path)
    assert len([p for p in pages if fmt.T3_RESULTS in squeeze(p.text)]) == 1
    t3 = cell_lines(pages, "t3")
    size = t3[_column("t3", "自然人")][0][0].size
    assert size >= 9.5
    for cell in fmt.TABLES["t3"].grid:
        if cell.is_value:
            lines = t3[(cell.row, cell.col)]
            assert line_texts(lines) == ["999999"]
            assert all(p.size == size for p in lines[0])


@pytest.mark.parametrize(
    ("text", "chars", "expected"),
    [
        ("社会公益组织", 3, ["社会", "公益", "组织"]),
        ("社会公益组织", 5, ["社会公益", "组织"]),
        ("社会公益组织", 6, ["社会公益组织"]),
        ("结果维持", 3, ["结果", "维持"]),
        ("法人或其他组织", 3, ["法人或", "其他", "组织"]),  # odd: no pairs, but no lone 织
        ("本年处理决定数量", 7, ["本年处理", "决定数量"]),
    ],
)
def test_header_breaks(text: str, chars: int, expected: list[str]) -> None:
    assert header_lines(text, chars) == expected


def header_lines(text: str, chars: int, *, pairs: bool = True) -> list[str]:
    from gaidesk.pdf.flowables import Para
    from gaidesk.pdf.linebreak import Glyph

    glyphs = [Glyph(ch, "f", 0.5 if ch.isascii() else 1.0, False) for ch in text]
    para = Para(glyphs, 10.0, 12.5, align="center", no_orphan=True, pairs=pairs)
    para.wrap(chars * 10.0, 1000.0)
    lines = para._lines or []
    assert all(line.available == chars * 10.0 for line in lines)  # centred in the whole cell
    return ["".join(g.char for g in line.glyphs) for line in lines]


def test_no_single_character_on_a_label_s_last_line() -> None:
    from gaidesk.pdf.linebreak import Glyph, avoid_orphan, break_lines

    text = "3.补正后申请内容仍不明确"
    glyphs = [Glyph(ch, "f", 0.5 if ch.isascii() else 1.0, False) for ch in text]
    greedy = break_lines(glyphs, 10.0, 115.0)
    assert ["".join(g.char for g in line.glyphs) for line in greedy][-1] == "确"
    fixed = avoid_orphan(greedy, 10.0, 115.0)
    texts = ["".join(g.char for g in line.glyphs) for line in fixed]
    assert texts == ["3.补正后申请内容仍不", "明确"]
    # Two characters a line wide enough for one only: nothing better exists.
    assert header_lines("总计", 1, pairs=False) == ["总", "计"]


@pytest.mark.parametrize("sample", ["dazhai_pdf", "huaian_pdf"])
def test_every_font_is_embedded(
    sample: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    _, data, _ = request.getfixturevalue(sample)
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    seen = 0
    for page in reader.pages:
        fonts_ = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts_.values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, font.get("/BaseFont")
            assert "/FontFile2" in descriptor.get_object(), font.get("/BaseFont")
            assert "+" in str(font.get("/BaseFont")), "embedded as a subset"
            seen += 1
    assert seen > 0
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(" yes yes yes " in row for row in rows), listing


def test_draft_watermark_only_with_errors(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    assert not [f for f in rules.check(report) if f.severity == rules.ERROR]
    clean = read_pdf(render_pdf_bytes(report, findings=rules.check(report)), tmp_path)
    assert all("草稿" not in p.text for p in clean)

    report.cells["t3.carried_out.natural"] = 1  # T3-BALANCE and T3-ROW-TOTAL now fail
    findings = rules.check(report)
    assert any(f.rule == "T3-BALANCE" and f.severity == rules.ERROR for f in findings)
    result = export_pdf(report, tmp_path / "draft.pdf", findings=findings)
    assert result.draft
    pages = read_pdf((tmp_path / "draft.pdf").read_bytes(), tmp_path)
    assert len(pages) == result.pages
    assert all("草稿" in p.text for p in pages)
    assert "草稿" in str(PdfReader(tmp_path / "draft.pdf").metadata.title)


def test_explicit_findings_decide_the_watermark(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    error = rules.Finding("T4-TOTAL", rules.ERROR, ("t4.review.total",), "总计不对")
    warning = rules.Finding("S6-FEE", rules.WARNING, ("text.other_matters",), "未说明")
    assert export_pdf(report, tmp_path / "a.pdf", findings=[error]).draft
    assert not export_pdf(report, tmp_path / "b.pdf", findings=[warning]).draft


# --------------------------------------------------------------------------------------------
# Characters


def test_rare_character_is_printed(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    report.text["overview.active"] = "我镇㵘水村的群众" + report.text["overview.active"]
    report.meta.title = "㵘水镇2025年政府信息公开工作年度报告"
    result = export_pdf(report, tmp_path / "rare.pdf", findings=[])
    pages = read_pdf((tmp_path / "rare.pdf").read_bytes(), tmp_path)
    text = "".join(p.text for p in pages)
    assert "我镇㵘水村的群众" in text
    assert "㵘水镇2025年" in squeeze(text)
    drawn_by_substitutes = "".join(result.substitutes.values())
    assert "㵘" in drawn_by_substitutes or all("㵘" in p.text for p in pages[:1])


def absent_character() -> str:
    fontset = fonts.choose()
    for candidate in ("\U0010fffd", "\U000ffffd", "\U0001fbf9", "\U0003134a"):
        if fontset.face_for(fonts.BODY, candidate) is None:
            return candidate
    pytest.fail("every candidate character is in some installed font")


def test_character_no_font_has_is_refused(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    bad = absent_character()
    report.text["overview.on_request"] = f"严格落实依申请公开{bad}工作机制"
    out = tmp_path / "never.pdf"
    with pytest.raises(MissingGlyphError) as info:
        export_pdf(report, out, findings=[])
    message = str(info.value)
    assert bad in message
    assert f"U+{ord(bad):04X}" in message
    assert "（二）依申请公开" in message and "一、总体情况" in message
    assert f"依申请公开{bad}工作机制" in message
    assert isinstance(info.value, ExportError)
    assert not out.exists() and not list(tmp_path.glob(".never.pdf*"))


def test_character_in_a_table_value_is_located(huaian_path: Path, tmp_path: Path) -> None:
    report = load(huaian_path)
    bad = absent_character()
    report.cells["t2.fees.amount"] = f"12{bad}"
    with pytest.raises(MissingGlyphError) as info:
        render_pdf_bytes(report, findings=[])
    assert "二、主动公开政府信息情况" in str(info.value)
    assert "行政事业性收费" in str(info.value)


# --------------------------------------------------------------------------------------------
# Title, files, fonts reported


@pytest.mark.parametrize("agency", ["淮安市人民政府", "淮安市人民政府办公室政务公开科"])
def test_long_title_breaks_after_the_body_name(
    huaian_path: Path, tmp_path: Path, agency: str
) -> None:
    """The default title carries the body's full name, as the official format writes it, and
    breaks after it when it is too wide for one line."""
    report = load(huaian_path)
    assert report.meta.title == "" and report.meta.short_name == "淮安市"
    report.meta.agency = agency
    assert report.meta.effective_title == f"{agency}2024年政府信息公开工作年度报告"
    pages = read_pdf(render_pdf_bytes(report, findings=[]), tmp_path)
    first = [p for p in pages[0].pieces if p.y > 640]
    lines = sorted({round(p.y, 1) for p in first}, reverse=True)
    assert len(lines) == 2
    top = "".join(p.text for p in first if round(p.y, 1) == lines[0])
    bottom = "".join(p.text for p in first if round(p.y, 1) == lines[1])
    assert top == agency
    assert bottom == "2024年政府信息公开工作年度报告"


def test_clerk_s_own_title_is_printed_as_she_wrote_it(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    assert report.meta.title == "大寨镇2025年政府信息公开工作年度报告" != report.meta.default_title
    pages = read_pdf(render_pdf_bytes(report, findings=[]), tmp_path)
    assert pages[0].pieces[0].text == "大寨镇2025年政府信息公开工作年度报告"


def test_export_is_atomic_and_reports_fonts(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")
    result = export_pdf(report, out, findings=[])
    assert out.read_bytes().startswith(b"%PDF")
    assert result.path == out and result.pages == len(PdfReader(out).pages)
    assert set(result.fonts) == set(fonts.ROLES)
    assert not list(tmp_path.glob(".report.pdf*"))
    with pytest.raises(ExportError, match="导出PDF失败：找不到文件夹"):
        export_pdf(report, tmp_path / "missing-folder" / "x.pdf", findings=[])


def test_same_report_same_bytes(dazhai_path: Path) -> None:
    report = load(dazhai_path)
    first = render_pdf_bytes(report, findings=[], created=WHEN)
    assert render_pdf_bytes(report, findings=[], created=WHEN) == first


# --------------------------------------------------------------------------------------------
# What the exporter keeps between exports changes no byte


def test_kept_layouts_change_nothing(
    dazhai_path: Path, huaian_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Glyphs, label layouts and table 3's heights kept per font set give the same bytes as
    computing everything afresh, for either sample and in either order."""
    for path in (dazhai_path, huaian_path, dazhai_path):
        report = load(path)
        warm = render_pdf_bytes(report, findings=[], created=WHEN)
        monkeypatch.setattr(typesetter, "_SHARED", None)
        assert render_pdf_bytes(report, findings=[], created=WHEN) == warm


def test_numbers_too_long_for_one_line_still_fit_table_3(
    dazhai_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers that take two lines even at half size make table 3 taller than the heights kept
    for one-line numbers: it is measured afresh and still printed on one page."""
    report = load(dazhai_path)
    render_pdf_bytes(report, findings=[])  # keeps table 3's heights for one-line numbers
    for cell in fmt.TABLES["t3"].grid:
        if cell.is_value:
            report.cells[cell.address] = 987654321987
    data = render_pdf_bytes(report, findings=[], created=WHEN)
    monkeypatch.setattr(typesetter, "_SHARED", None)
    assert render_pdf_bytes(report, findings=[], created=WHEN) == data
    pages = read_pdf(data, tmp_path)
    assert len([p for p in pages if fmt.T3_RESULTS in squeeze(p.text)]) == 1
    cells = table_cells(pages)["t3"]
    values = [c for c in fmt.TABLES["t3"].grid if c.is_value]
    assert all(squeeze(merged_text(cells, c)) == "987654321987" for c in values)


def test_glyf_read_in_place_gives_the_same_subset() -> None:
    """The embedded subsets are the same whether reportlab copies the glyf table or slices the
    font data in place (faces.SLICED_GLYF)."""
    from reportlab.pdfbase.ttfonts import TTFont

    face = fonts.choose().roles[fonts.TABLE].face
    plain = TTFont("plain", face.path, subfontIndex=face.index).face
    sliced = TTFont("sliced", face.path, subfontIndex=face.index).face
    faces.read_glyf_by_slices(sliced)
    text = "政府信息公开工作年度报告（二〇二五年）：主动公开、依申请公开，共计 1,234.5 件。"
    subset = [0, *sorted({ord(c) for c in text})]
    assert sliced.makeSubset(subset) == plain.makeSubset(subset)


# --------------------------------------------------------------------------------------------
# Golden layout


def layout_of(pages: list[Page]) -> dict[str, object]:
    title = pages[0].pieces[0]
    return {
        "pages": len(pages),
        "title": {"text": title.text, "x": round(title.x, 1), "y": round(title.y, 1)},
        "tables": [
            {"page": g.page, "xs": [round(x, 1) for x in g.xs], "ys": [round(y, 1) for y in g.ys]}
            for page in pages
            for g in page.grids()
        ],
    }


def test_layout_matches_the_checked_reference(
    dazhai_pdf: tuple[Report, bytes, list[Page]],
) -> None:
    _, _, pages = dazhai_pdf
    layout = layout_of(pages)
    if UPDATE_GOLDEN:
        GOLDEN.write_text(json.dumps(layout, ensure_ascii=False, indent=1) + "\n", "utf-8")
    reference = json.loads(GOLDEN.read_text("utf-8"))
    assert layout["pages"] == reference["pages"]
    assert layout["title"]["text"] == reference["title"]["text"]  # type: ignore[index]
    for axis in ("x", "y"):
        assert layout["title"][axis] == pytest.approx(reference["title"][axis], abs=0.5)  # type: ignore[index]
    assert len(layout["tables"]) == len(reference["tables"])  # type: ignore[arg-type]
    for got, want in zip(layout["tables"], reference["tables"], strict=True):  # type: ignore[call-overload]
        assert got["page"] == want["page"]
        assert got["xs"] == pytest.approx(want["xs"], abs=0.5)
        assert got["ys"] == pytest.approx(want["ys"], abs=0.5)


def test_cli_export_pdf(
    dazhai_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gaidesk.__main__ import main

    out = tmp_path / "大寨镇2025年政府信息公开工作年度报告.pdf"
    assert main(["export", str(dazhai_path), "--pdf", str(out)]) == 0
    assert PdfReader(out).pages
    printed = capsys.readouterr().out
    assert "已导出 PDF" in printed


# --------------------------------------------------------------------------------------------
# 落款 and the document's dates


def test_signature_under_the_text_in_the_gbt_9704_way(dazhai_path: Path, tmp_path: Path) -> None:
    """The body's full name right-spaced two characters, the 发布日期 under it starting two
    characters further right (a longer date right-spaced two characters and the name moved
    left), below the last paragraph after a blank line; the date changes the PDF."""
    report = load(dazhai_path)
    text_right = geometry.MARGIN_LEFT + geometry.TEXT_WIDTH
    step = geometry.SIGNATURE_STEP
    for agency in ("大寨镇人民政府", "大寨镇人民政府办公室政务公开科"):
        report.meta.agency = agency
        report.meta.publish_date = "2026-01-20"
        data = render_pdf_bytes(report, findings=[])
        last = read_pdf(data, tmp_path)[-1]
        assert squeeze(last.body_text).endswith(agency + "2026年1月20日")
        name = next(p for p in reversed(last.pieces) if p.text.startswith(agency[:4]))
        date = next(p for p in last.pieces if p.text.startswith("2026年"))
        name_right = name.x + len(agency) * geometry.BODY_SIZE
        assert date.x == pytest.approx(name.x + step, abs=0.5)
        if len(agency) > 10:  # the name is the longer line
            assert name_right == pytest.approx(text_right - step, abs=0.5)
        else:  # 「2026年1月20日」 reaches further right than 「大寨镇人民政府」 would
            assert name_right < text_right - step - 5
        assert name.y - date.y == pytest.approx(geometry.BODY_LEADING, abs=0.5)
        body = [p for p in last.pieces if p.upright and name.y + 1 < p.y < 800]
        assert body, "the 落款 is not alone on its page"
        assert min(p.y for p in body) - name.y >= 2 * geometry.BODY_LEADING - 0.5

    report.meta.publish_date = "2026-02-03"
    other = render_pdf_bytes(report, findings=[])
    assert other != data
    assert squeeze(read_pdf(other, tmp_path)[-1].body_text).endswith("2026年2月3日")


def test_signature_date_left_blank_while_unset(dazhai_path: Path, tmp_path: Path) -> None:
    report = load(dazhai_path)
    report.meta.publish_date = ""
    last = read_pdf(render_pdf_bytes(report, findings=[]), tmp_path)[-1]
    assert squeeze(last.body_text).endswith("大寨镇人民政府年月日")


def test_a_long_last_paragraph_takes_its_last_lines_over_with_the_signature(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = load(dazhai_path)
    report.meta.publish_date = "2026-01-20"
    for repeat in range(8, 40):
        report.text["other_matters"] = "本年度未收取信息处理费，也没有其他需要报告的事项。" * repeat
        pages = read_pdf(render_pdf_bytes(report, findings=[]), tmp_path)
        last = pages[-1]
        lines = {round(p.y) for p in last.pieces if p.upright and 90 < p.y < 800}
        assert len(lines) >= 3 + 1, repeat  # at least one text line besides name and date
        assert squeeze(last.body_text).endswith("大寨镇人民政府2026年1月20日")


def test_creation_date_is_the_export_time(dazhai_path: Path, tmp_path: Path) -> None:
    dt = datetime
    report = load(dazhai_path)
    created = dt.datetime(2026, 1, 20, 9, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    data = render_pdf_bytes(report, findings=[], created=created)
    path = tmp_path / "dated.pdf"
    path.write_bytes(data)
    meta = PdfReader(path).metadata
    assert meta is not None and meta.creation_date == created
    assert render_pdf_bytes(report, findings=[], created=created) == data

    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    export_pdf(report, path, findings=[])
    stamped = PdfReader(path).metadata
    assert stamped is not None and stamped.creation_date is not None
    assert stamped.creation_date >= before


def test_lead_paragraph_of_section_one_before_its_first_sub_item(
    dazhai_path: Path, tmp_path: Path
) -> None:
    report = load(dazhai_path)
    lead = "本年度，大寨镇坚持以公开为常态、不公开为例外，全面推进政务公开工作。"
    report.text["overview.lead"] = lead
    pages = read_pdf(render_pdf_bytes(report, findings=[]), tmp_path)
    text = squeeze("".join(p.body_text for p in pages))
    heading, first = fmt.SECTIONS[0].heading, fmt.SECTIONS[0].parts[1].heading
    assert fmt.SECTIONS[0].parts[0].key == "overview.lead"
    assert text.index(heading) < text.index(lead) < text.index(first)
