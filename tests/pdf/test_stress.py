"""The printed report under stress: every text part 3,000 characters in one long paragraph, rare
characters in the text and the body's name, seven-digit numbers in every cell.

Read back from the PDF: pages are filled (a heading keeps only the first two lines of its
paragraph, paragraphs split without widows or orphans), full body lines hold 28 characters on
the GB/T 9704 grid of 22 lines, and tables 3 and 4 keep their numbers at 9 pt or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from gaidesk import fonts
from gaidesk import format as fmt
from gaidesk.model import Report
from gaidesk.pdf import geometry, render_pdf_bytes
from gaidesk.pdf.linebreak import NO_LINE_START
from tests.support.paths import SAMPLES
from tests.support.pdf import cell_lines, line_texts, load, read_pdf, squeeze

RARE = "㵘𠀾䶮龘"
SEVEN_DIGITS = 1234567
# One sentence with rare characters, punctuation of both kinds, a quotation and a number.
SENTENCE = (
    "本年度我镇㵘水村依法做好政府信息公开工作，𠀾山社区完善䶮字号公开栏，"
    "龘源片区建成“一站式”便民服务点1234567个；群众满意率明显提升。"
)
TEXT_CHARS = 3000


def stress_report(dazhai_path: Path, sentence: str = SENTENCE) -> Report:
    report = load(dazhai_path)
    report.meta.agency = f"{RARE}镇人民政府"
    report.meta.short_name = f"{RARE}镇"
    report.meta.title = ""
    for part in fmt.TEXT_PARTS:
        report.text[part.key] = (sentence * (TEXT_CHARS // len(sentence) + 1))[:TEXT_CHARS]
    for address, value in report.cells.items():
        report.cells[address] = SEVEN_DIGITS if isinstance(value, int) else str(SEVEN_DIGITS)
    return report


# --------------------------------------------------------------------------------------------
# The body's lines read back from the PDF


@dataclass(frozen=True)
class TextLine:
    page: int
    y: float  # baseline
    x: float  # where the first character starts
    text: str  # every character drawn, as the PDF maps it back
    size: float


def text_lines(path: Path) -> list[TextLine]:
    """The lines of text in the text block, page by page, top to bottom; the page numbers,
    the watermark and the table pages left out."""
    reader = PdfReader(path)
    block_top = geometry.PAGE_HEIGHT - geometry.MARGIN_TOP
    out: list[TextLine] = []
    for number, page in enumerate(reader.pages, 1):
        pieces: list[tuple[float, float, str, float]] = []

        def visit(
            text: str,
            cm: Any,
            tm: Any,
            font: object,
            size: float,
            pieces: list[tuple[float, float, str, float]] = pieces,
        ) -> None:
            m = [
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
                tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
            ]
            text = text.replace("\n", "")
            upright = abs(m[1]) < 1e-6
            if text.strip(" ") and upright and geometry.MARGIN_BOTTOM < m[5] < block_top:
                pieces.append((round(m[5], 1), m[4], text, round(size * abs(m[3]), 2)))

        page.extract_text(visitor_text=visit)
        by_y: dict[float, list[tuple[float, float, str, float]]] = {}
        for piece in pieces:
            by_y.setdefault(piece[0], []).append(piece)
        for y in sorted(by_y, reverse=True):
            row = sorted(by_y[y], key=lambda p: p[1])
            out.append(TextLine(number, y, row[0][1], "".join(p[2] for p in row), row[0][3]))
    return out


def table_pages(path: Path) -> set[int]:
    """Pages with a grid drawn on them (the tables)."""
    pages = read_pdf(path.read_bytes(), path.parent)
    return {p.number for p in pages if p.grids()}


def ems(text: str) -> float:
    """The width of a text in character widths: ASCII is half-width, the rest full-width."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


@pytest.fixture(scope="module")
def stress_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    dazhai = SAMPLES / "dazhai-2025.gaidesk"
    report = stress_report(dazhai)
    path = tmp_path_factory.mktemp("stress") / "stress.pdf"
    path.write_bytes(render_pdf_bytes(report, findings=[]))
    return report, path


# --------------------------------------------------------------------------------------------
# Pages filled


def test_no_narrative_page_is_left_half_empty(stress_pdf: tuple[Report, Path]) -> None:
    """Every page of text without a table holds 22 line places; none but the narrative's last
    leaves more than 3 of them empty (a heading no longer jumps to the next page with its whole
    paragraph)."""
    _, path = stress_pdf
    lines = text_lines(path)
    tables = table_pages(path)
    pages = sorted({line.page for line in lines} - tables)
    top = geometry.PAGE_HEIGHT - geometry.MARGIN_TOP
    leading = geometry.BODY_LEADING
    assert len(pages) > 40
    for page in pages[:-1]:
        # The line places (0 … 21 from the top) in which some text stands.
        taken = {int((top - line.y) // leading) for line in lines if line.page == page}
        empty = geometry.LINES_PER_PAGE - len(taken & set(range(geometry.LINES_PER_PAGE)))
        assert empty <= 3, (page, sorted(taken))


def test_headings_keep_two_lines_and_paragraphs_split_without_widows(
    stress_pdf: tuple[Report, Path],
) -> None:
    """The last text of a page is never a heading nor a single first line of a paragraph, and
    no page starts with the single last line of one."""
    report, path = stress_pdf
    lines = text_lines(path)
    tables = table_pages(path)
    headings = {s.heading for s in fmt.SECTIONS} | {
        report.title_of(p.key) for s in fmt.SECTIONS for p in s.parts if p.number
    }
    indent_x = geometry.MARGIN_LEFT + geometry.INDENT
    pages = sorted({line.page for line in lines} - tables)
    for page in pages[:-1]:
        on_page = [line for line in lines if line.page == page]
        last, before = on_page[-1], on_page[-2]
        assert squeeze(last.text) not in headings, page
        # A paragraph's first line is indented: it may not be the page's last line alone.
        assert last.x < indent_x - 1, (page, last.text)
        assert squeeze(before.text) not in headings, page
        # The next page does not start with a paragraph's last line alone (its second line
        # continues the paragraph, starting at the left edge).
        following = [line for line in lines if line.page == page + 1]
        if page + 1 in pages and len(following) >= 2:
            first, second = following[0], following[1]
            if first.x < indent_x - 1:
                assert second.x < indent_x - 1 or squeeze(second.text) in headings, page + 1


# --------------------------------------------------------------------------------------------
# 28 characters a line, 22 lines a page


def full_lines(lines: list[TextLine]) -> list[tuple[TextLine, TextLine]]:
    """Body lines followed by a line that continues their paragraph (starting at the left edge
    of the block), with that next line."""
    left = geometry.MARGIN_LEFT
    body = [line for line in lines if line.size == geometry.BODY_SIZE]
    return [(line, following) for line, following in pairwise(body) if abs(following.x - left) < 1]


# Text without punctuation: nothing for the line breaker to move.
PLAIN = "我镇㵘水村𠀾山社区䶮字号龘源片区依法依规做好政府信息公开工作"


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dazhai = SAMPLES / "dazhai-2025.gaidesk"
    path = tmp_path_factory.mktemp("plain") / "plain.pdf"
    path.write_bytes(render_pdf_bytes(stress_report(dazhai, PLAIN), findings=[]))
    return path


def test_twenty_eight_characters_on_every_full_line(plain_pdf: Path) -> None:
    """Every full line holds exactly 28 characters, 26 after the two-character indent, rare
    characters included."""
    found = full_lines(text_lines(plain_pdf))
    assert len(found) > 500
    indent_x = geometry.MARGIN_LEFT + geometry.INDENT
    for line, _ in found:
        expected = geometry.CHARS_PER_LINE - (2 if line.x > indent_x - 2 else 0)
        assert len(line.text) == expected, (line.page, line.text)


def test_full_lines_of_text_with_punctuation(dazhai_path: Path, tmp_path: Path) -> None:
    """With punctuation, a full line holds 28 character widths, or one more when a closing
    mark was squeezed onto it, or less only when the break moved back for a closing mark or
    an opening one, or to keep a number whole."""
    path = tmp_path / "punctuation.pdf"
    report = stress_report(dazhai_path, SENTENCE)
    path.write_bytes(render_pdf_bytes(report, findings=[]))
    found = full_lines(text_lines(path))
    indent_x = geometry.MARGIN_LEFT + geometry.INDENT
    near = 0
    for line, following in found:
        room = geometry.CHARS_PER_LINE - (2 if line.x > indent_x - 2 else 0)
        width = ems(line.text)
        if room - 0.5 <= width <= room:
            near += 1  # full, or half a character short after an odd number of digits
        elif width > room:
            assert width <= room + 1 and line.text[-1] in NO_LINE_START, line.text
        else:
            moved = (
                width + ems(following.text[:1]) > room  # the next character did not fit
                or following.text[:1].isascii()
                or following.text[1:2] in NO_LINE_START
                or line.text[-1:] in "，。；：、"
                or following.text[:1] in "“（"
            )
            assert moved, (line.page, line.text, following.text)
    assert near > 0.8 * len(found)


def test_lines_on_the_grid_of_the_text_block(plain_pdf: Path) -> None:
    """A full page of body text has 22 lines, one BODY_LEADING (a 22nd of 225 mm) apart, the
    last ending at the foot of the text block."""
    lines = text_lines(plain_pdf)
    page = [line for line in lines if line.page == 3]
    assert len(page) == geometry.LINES_PER_PAGE
    leading = geometry.BODY_LEADING
    for upper, lower in pairwise(page):
        assert upper.y - lower.y == pytest.approx(leading, abs=0.15)
    # The last line's em box, centred on its line place, ends at the block's foot.
    descent = (leading - geometry.BODY_SIZE) / 2 + 0.12 * geometry.BODY_SIZE
    assert page[-1].y - descent == pytest.approx(geometry.MARGIN_BOTTOM, abs=0.2)
    assert pytest.approx(156 * 72 / 25.4) == geometry.BODY_PITCH * geometry.CHARS_PER_LINE
    assert leading * geometry.LINES_PER_PAGE == pytest.approx(225 * 72 / 25.4)


# --------------------------------------------------------------------------------------------
# Tables 3 and 4 with seven-digit numbers


def test_tables_3_and_4_keep_seven_digits_at_9_pt(stress_pdf: tuple[Report, Path]) -> None:
    _, path = stress_pdf
    pages = read_pdf(path.read_bytes(), path.parent)
    assert len([p for p in pages if fmt.T3_RESULTS in squeeze(p.text)]) == 1
    for key in ("t3", "t4"):
        lines = cell_lines(pages, key)
        for cell in fmt.TABLES[key].grid:
            if cell.is_value:
                printed = lines[(cell.row, cell.col)]
                assert line_texts(printed) == [str(SEVEN_DIGITS)], (key, cell)
                assert all(p.size >= 9.0 for p in printed[0]), (key, cell, printed[0][0].size)
    # Table 3's numbers at the table's own size: its data columns make room for them.
    t3 = cell_lines(pages, "t3")
    label_size = t3[next((c.row, c.col) for c in fmt.TABLES["t3"].grid if c.text == "自然人")]
    numbers = [t3[(c.row, c.col)][0][0].size for c in fmt.TABLES["t3"].grid if c.is_value]
    assert set(numbers) == {label_size[0][0].size}


def test_title_and_rare_characters_of_the_stress_report(stress_pdf: tuple[Report, Path]) -> None:
    """The default title carries the body's full name, rare characters and all, broken after
    the name; every rare character is drawn by some installed face."""
    report, path = stress_pdf
    assert report.meta.effective_title == f"{RARE}镇人民政府2025年政府信息公开工作年度报告"
    fontset = fonts.choose()
    for ch in RARE:
        assert fontset.face_for(fonts.BODY, ch) is not None
    first = [line for line in text_lines(path) if line.page == 1][:2]
    assert [line.size for line in first] == [geometry.TITLE_SIZE] * 2
    assert first[0].text == f"{RARE}镇人民政府"
    assert first[1].text == "2025年政府信息公开工作年度报告"
