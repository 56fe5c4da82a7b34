"""The report as a Word document (.docx) in the official 公文 layout, for WPS and Word.

Leaders mark up drafts in WPS or Word; this writes the same report the PDF prints (the walk is
``gaidesk.outline``) as a document they can edit: A4 with the GB/T 9704 margins and text block,
22 lines of 28 characters at 三号 on a line grid, the official faces named with East-Asian
font attributes (so WPS and Word pick 方正小标宋简体, 黑体, 楷体_GB2312 and 仿宋_GB2312 where they
are installed), page numbers 「— 1 —」 outside on odd and even pages, the tables with every
merge of the format, each table kept on one page with its heading, and the 落款.

Word lays out the pages itself, so nothing here measures glyphs: table 3's font size is chosen
by an estimate of its height with a safety margin (``T3_FILL``), and every table row is kept
with the next. The XML is written with python-docx (a maintained library for .docx), starting
from its default template; paragraphs and tables are built as WordprocessingML text and parsed
once, which keeps the order of properties the schema requires in view.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from gaidesk import format as fmt
from gaidesk.errors import ExportError, StoreError
from gaidesk.fonts import BODY, HEADING, OFFICIAL_FACES, SUBHEADING, TABLE, TITLE
from gaidesk.model import Report
from gaidesk.outline import CENTER, Grid, Outline, outline, run_in_heading

# --------------------------------------------------------------------------------------------
# Page geometry (GB/T 9704-2012 5.2): A4, text block 156 × 225 mm, 37 mm from the top edge,
# 28 mm from the left; 22 lines of 28 characters of 三号 (16 pt).

TWIPS_PER_MM = 1440 / 25.4
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 37, 35
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 28, 26
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


TEXT_WIDTH = _twips(PAGE_WIDTH_MM) - _twips(MARGIN_LEFT_MM) - _twips(MARGIN_RIGHT_MM)
TEXT_HEIGHT = _twips(PAGE_HEIGHT_MM) - _twips(MARGIN_TOP_MM) - _twips(MARGIN_BOTTOM_MM)
# The grid's line pitch: 22 lines fill the block (rounded down, so that the 22nd still fits).
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE

TITLE_SIZE = 22.0  # 二号
BODY_SIZE = 16.0  # 三号
PAGE_NUMBER_SIZE = 14.0  # 四号
TITLE_LEADING = 34.0  # points, as the PDF: two title lines read as one block
# 28 characters a line: 28 × 16 pt is 158 mm, a little wider than the block, so the 三号 text
# is tracked (in twentieths of a point) to no wider than the block's 28th part. The document
# grid is a line grid only (w:type="lines"): a character grid (linesAndChars with a negative
# charSpace) gives Word and WPS the same 28, but LibreOffice snaps each 16 pt character into
# two of its 15.8 pt cells and sets 14 to 16 characters a line; tracking gives 28 in all three.
TRACKING = f'<w:spacing w:val="{math.floor(TEXT_WIDTH / CHARS_PER_LINE - BODY_SIZE * 20)}"/>'

# The page number's line: its top 7 mm below the text block (GB/T 9704 7.5), one character in
# from the outer edge of the block.
PAGE_NUMBER_GAP_MM = 7
PAGE_NUMBER_LEADING = 20.0  # points
FOOTER_DISTANCE = _twips(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM) - round(PAGE_NUMBER_LEADING * 20)
PAGE_NUMBER_DASH = "—"

# The faces Word and WPS users know by these names; each is one of the role's official faces
# (gaidesk.fonts.OFFICIAL_FACES), named as the Chinese editions of Windows and WPS name them.
WORD_FACES: dict[str, str] = {
    TITLE: "方正小标宋简体",
    HEADING: "黑体",
    SUBHEADING: "楷体_GB2312",
    BODY: "仿宋_GB2312",
    TABLE: "宋体",
}
# Where a face is not installed (Windows 10 has 仿宋 and 楷体 but not their _GB2312 editions),
# the font table tells Word the same typeface's other name to look for, and the character set.
ALT_FACES: dict[str, str] = {
    TITLE: "方正小标宋_GBK",
    HEADING: "SimHei",
    SUBHEADING: "楷体",
    BODY: "仿宋",
    TABLE: "SimSun",
}
GB2312_CHARSET = "86"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
assert all(face in OFFICIAL_FACES[role] for role, face in WORD_FACES.items())
assert all(face in OFFICIAL_FACES[role] for role, face in ALT_FACES.items())

# Tables: grid lines of ½ pt, cell padding, and the leading of their lines.
BORDER_EIGHTHS = 4  # ½ pt, in eighths of a point
CELL_PADDING_X = 60  # twips, left and right
CELL_PADDING_Y = 30  # twips, above and below
TABLE_LEADING = 1.25  # line height / font size
TABLE_STYLE_SIZE = 10.5  # 五号: the table style's size; each table's runs carry their own
LABEL_SHARE = 0.28  # of the text width, for a table's one label column
# Table 3 is sized so that its estimated height takes at most this share of the text block
# (with its heading): the estimate counts characters, and Word's line breaking (kinsoku, the
# widths of Latin letters) may need a line more here and there.
T3_FILL = 0.9
T3_CATEGORY_CHARS = 5  # 「（三）不予公开」 in two lines
T3_DATA_CHARS = 3.2  # 「自然人」 or a six-digit number on one line, with a little slack
MIN_NUMBER_SHRINK = 0.5  # a number too wide for its cell is set smaller, down to half size

DRAFT_MARK = "草稿：报告仍有错误，不是定稿"

_STYLE_IDS: dict[str, str] = {
    TITLE: "GaideskTitle",
    HEADING: "GaideskHeading",
    SUBHEADING: "GaideskSubheading",
    BODY: "GaideskBody",
    TABLE: "GaideskTable",
}
_RUN_IN_STYLE = "GaideskSubheadingRunIn"
_STYLE_NAMES: dict[str, str] = {
    TITLE: "报告标题",
    HEADING: "一级标题",
    SUBHEADING: "二级标题",
    BODY: "报告正文",
    TABLE: "表格文字",
}

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{_W}"'


@dataclass
class DocxResult:
    """What an export produced."""

    path: Path | None
    draft: bool  # carries the 「草稿」 mark because the report has errors
    table_sizes: dict[str, float]  # table key -> font size in points
    data: bytes = b""


# --------------------------------------------------------------------------------------------
# WordprocessingML pieces


def _fonts(face: str) -> str:
    """A face for every script slot: Word picks eastAsia for Chinese, ascii/hAnsi for digits
    and Latin letters (the same face, as the PDF prints them)."""
    f = quoteattr(face)
    return f'<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f} w:hint="eastAsia"/>'


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _run(text: str, style: str = "", size: float | None = None) -> str:
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if size is not None:
        props += _size(size)
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _exact(points: float) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{round(points * 20)}" w:lineRule="exact"/>'


def _paragraph(runs: str, style: str, extra: str = "", after: str = "") -> str:
    """A paragraph of a style; ``extra`` are properties that go before w:spacing in the
    schema's order (keepNext, pageBreakBefore…), ``after`` those after it (w:ind, w:jc)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}{after}</w:pPr>{runs}</w:p>'


def _width(text: str) -> float:
    """The text's width in em: Chinese characters and full-width marks 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


# --------------------------------------------------------------------------------------------
# Styles and page set-up


def _style(role: str, *, ppr: str, size: float, tracked: bool = True) -> str:
    tracking = TRACKING if tracked else ""
    return (
        f'<w:style {_NS} w:type="paragraph" w:customStyle="1" w:styleId="{_STYLE_IDS[role]}">'
        f'<w:name w:val="{_STYLE_NAMES[role]}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{_fonts(WORD_FACES[role])}{tracking}{_size(size)}</w:rPr>"
        "</w:style>"
    )


def _styles() -> list[str]:
    indent = '<w:ind w:firstLine="640" w:firstLineChars="200"/>'
    body_line = _exact(LINE_PITCH / 20)
    return [
        _style(
            TITLE,
            ppr='<w:keepNext/><w:snapToGrid w:val="0"/>'
            + _exact(TITLE_LEADING)
            + '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            size=TITLE_SIZE,
            tracked=False,
        ),
        _style(
            HEADING,
            ppr=f'<w:keepNext/>{body_line}{indent}<w:jc w:val="both"/><w:outlineLvl w:val="1"/>',
            size=BODY_SIZE,
        ),
        _style(
            SUBHEADING,
            ppr=f'<w:keepNext/>{body_line}{indent}<w:jc w:val="both"/><w:outlineLvl w:val="2"/>',
            size=BODY_SIZE,
        ),
        _style(
            BODY, ppr=f'<w:widowControl/>{body_line}{indent}<w:jc w:val="both"/>', size=BODY_SIZE
        ),
        _style(
            TABLE,
            ppr='<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0"/>'
            '<w:ind w:left="0" w:right="0" w:firstLine="0"/>',
            size=TABLE_STYLE_SIZE,
            tracked=False,
        ),
        f'<w:style {_NS} w:type="character" w:customStyle="1" w:styleId="{_RUN_IN_STYLE}">'
        f'<w:name w:val="二级标题（接排）"/><w:qFormat/>'
        f"<w:rPr>{_fonts(WORD_FACES[SUBHEADING])}</w:rPr></w:style>",
    ]


def _doc_defaults() -> str:
    return (
        f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>{_fonts(WORD_FACES[BODY])}{_size(BODY_SIZE)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{_exact(LINE_PITCH / 20)}</w:pPr></w:pPrDefault></w:docDefaults>"
    )


def _page_setup(document: Any, draft: bool) -> None:
    from docx.oxml import parse_xml
    from docx.shared import Mm, Twips

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    sect = section._sectPr
    for grid in sect.findall(f"{{{_W}}}docGrid"):
        sect.remove(grid)
    sect.append(parse_xml(f'<w:docGrid {_NS} w:type="lines" w:linePitch="{LINE_PITCH}"/>'))
    document.settings.odd_and_even_pages_header_footer = True
    # 「— 1 —」: odd pages on the right, even pages on the left, one character in.
    inset = round(PAGE_NUMBER_SIZE * 20)
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        _replace(
            footer._element,
            parse_xml(
                f'<w:p {_NS}><w:pPr><w:snapToGrid w:val="0"/>{_exact(PAGE_NUMBER_LEADING)}'
                f'<w:ind w:{side}="{inset}"/><w:jc w:val="{side}"/></w:pPr>'
                f"{_run(PAGE_NUMBER_DASH + ' ')}"
                f'<w:fldSimple w:instr=" PAGE ">{_run("1")}</w:fldSimple>'
                f"{_run(' ' + PAGE_NUMBER_DASH)}</w:p>"
            ),
            _fonts(WORD_FACES[TABLE]) + _size(PAGE_NUMBER_SIZE),
        )
    if draft:
        for header in (section.header, section.even_page_header):
            _replace(
                header._element,
                parse_xml(
                    f'<w:p {_NS}><w:pPr><w:snapToGrid w:val="0"/><w:jc w:val="center"/></w:pPr>'
                    f"{_run(DRAFT_MARK)}</w:p>"
                ),
                _fonts(WORD_FACES[HEADING]) + '<w:color w:val="C00000"/>' + _size(PAGE_NUMBER_SIZE),
            )


def _replace(container: Any, paragraph: Any, rpr: str) -> None:
    """Make ``paragraph`` the only one of a header or footer, its runs in ``rpr``."""
    from docx.oxml import parse_xml

    for old in list(container):
        container.remove(old)
    for run in paragraph.iter(f"{{{_W}}}r"):
        props = run.find(f"{{{_W}}}rPr")
        if props is not None:
            run.remove(props)
        run.insert(0, parse_xml(f"<w:rPr {_NS}>{rpr}</w:rPr>"))
    container.append(paragraph)


def _install_styles(document: Any) -> None:
    from docx.oxml import parse_xml

    styles = document.styles.element
    old = styles.find(f"{{{_W}}}docDefaults")
    styles.replace(old, parse_xml(_doc_defaults()))
    # Normal is body text (face, size, tracking), so that a paragraph a leader adds looks like
    # the rest; every style of the report is based on it.
    normal = next(
        s for s in styles.findall(f"{{{_W}}}style") if s.get(f"{{{_W}}}styleId") == "Normal"
    )
    # No punctuation hangs into the margin (Word's default): GB/T 9704's text block ends at
    # the block, and the PDF moves a character down instead. (LibreOffice 7.4 ignores this and
    # hangs it anyway; in a justified line it then leaves the hanging mark out of the page.)
    normal.append(parse_xml(f'<w:pPr {_NS}><w:overflowPunct w:val="0"/></w:pPr>'))
    normal.append(
        parse_xml(f"<w:rPr {_NS}>{_fonts(WORD_FACES[BODY])}{TRACKING}{_size(BODY_SIZE)}</w:rPr>")
    )
    for xml in _styles():
        styles.append(parse_xml(xml))


# --------------------------------------------------------------------------------------------
# Tables


def _column_widths(spec: fmt.Table, size: float) -> list[int]:
    em = size * 20
    pad = 2 * CELL_PADDING_X
    traits = spec.traits
    data_cols = spec.cols - spec.label_cols
    if traits.long_label_col is not None:
        vertical = round(em * 1.5 + pad)
        category = round(em * T3_CATEGORY_CHARS + pad)
        data = round(em * T3_DATA_CHARS + pad)
        return [vertical, category, TEXT_WIDTH - vertical - category - data * data_cols] + [
            data
        ] * data_cols
    if spec.label_cols:
        label = round(TEXT_WIDTH * LABEL_SHARE)
        data = (TEXT_WIDTH - label) // data_cols
        return [label] + [data] * data_cols
    return [TEXT_WIDTH // spec.cols] * spec.cols


def _span_width(widths: Sequence[int], col: int, span: int) -> int:
    return sum(widths[col : col + span])


def _lines(text: str, width: int, size: float) -> int:
    """Lines a text takes in a cell of ``width`` twips at ``size`` (an estimate)."""
    room = (width - 2 * CELL_PADDING_X) / (size * 20)
    return max(1, math.ceil(_width(text) / max(room, 1.0)))


def _estimated_height(grid: Grid, size: float) -> float:
    """Table height in twips: each row as tall as its tallest one-row cell."""
    widths = _column_widths(grid.spec, size)
    line = size * TABLE_LEADING * 20
    height = 0.0
    for row in grid.rows():
        lines = [
            _lines(c.text, _span_width(widths, c.col, c.colspan), size)
            for c in row
            if c.rowspan == 1 and not c.vertical
        ]
        height += max(lines, default=1) * line + 2 * CELL_PADDING_Y
    return height


def table_size(grid: Grid) -> float:
    """The table's font size: the first of its print sizes, or for a one-page table the
    largest at which it and its heading fill at most T3_FILL of the text block."""
    sizes = grid.traits.print_sizes
    if not grid.traits.one_page:
        return sizes[0]
    room = TEXT_HEIGHT * T3_FILL - LINE_PITCH
    return next((s for s in sizes if _estimated_height(grid, s) <= room), sizes[-1])


def header_lines(text: str, room: float) -> list[str]:
    """A column header too wide for its cell, broken between pairs of characters
    (「商业/企业」, 「社会/公益/组织」) rather than wherever the line is full (「商业企/业」)."""
    if _width(text) <= room or len(text) < 4:
        return [text]
    per_line = max(2, int(room) // 2 * 2)
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def _cell_xml(
    text: str,
    width: int,
    size: float,
    *,
    align: str,
    vertical: bool,
    is_value: bool,
    last: bool,
    paired: bool,
) -> str:
    run_size = size
    if is_value and text:
        room = (width - 2 * CELL_PADDING_X) / 20
        needed = _width(text) * size
        if needed > room:
            run_size = max(size * MIN_NUMBER_SHRINK, math.floor(room / _width(text) * 2) / 2)
    keep = "" if last else "<w:keepNext/>"
    jc = "center" if align == CENTER or vertical else "left"
    if paired:
        room = (width - 2 * CELL_PADDING_X) / 20 / size
        lines = header_lines(text, room)
        runs = f"<w:r><w:rPr>{_size(size)}</w:rPr><w:br/></w:r>".join(
            _run(line, size=size) for line in lines
        )
    else:
        runs = _run(text, size=run_size) if text else ""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{_STYLE_IDS[TABLE]}"/>{keep}<w:snapToGrid w:val="0"/>'
        f'{_exact(size * TABLE_LEADING)}<w:jc w:val="{jc}"/></w:pPr>{runs}</w:p>'
    )


def _table_xml(grid: Grid, size: float) -> str:
    """The table with every merge: gridSpan across columns, vMerge down rows. Each row is kept
    with the next and never split, so the table stays whole on one page with its heading."""
    spec = grid.spec
    widths = _column_widths(spec, size)
    border = f'w:val="single" w:sz="{BORDER_EIGHTHS}" w:space="0" w:color="000000"'
    borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    xml = [
        f"<w:tbl {_NS}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{CELL_PADDING_Y}" w:type="dxa"/>'
        f'<w:left w:w="{CELL_PADDING_X}" w:type="dxa"/>'
        f'<w:bottom w:w="{CELL_PADDING_Y}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_PADDING_X}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    # Cells merged down from a row above, by the column where they start.
    continuing: dict[int, tuple[int, int]] = {}  # col -> (colspan, last row)
    rows = grid.rows()
    for r, starting in enumerate(rows):
        last_row = r == len(rows) - 1
        header = "<w:tblHeader/>" if r < spec.header_rows else ""
        xml.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        by_col = {c.col: c for c in starting}
        col = 0
        while col < spec.cols:
            if col in by_col:
                c = by_col[col]
                width = _span_width(widths, col, c.colspan)
                span = f'<w:gridSpan w:val="{c.colspan}"/>' if c.colspan > 1 else ""
                merge = '<w:vMerge w:val="restart"/>' if c.rowspan > 1 else ""
                if c.rowspan > 1:
                    continuing[col] = (c.colspan, r + c.rowspan - 1)
                direction = '<w:textDirection w:val="tbRlV"/>' if c.vertical else ""
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}{direction}'
                    '<w:vAlign w:val="center"/></w:tcPr>'
                    + _cell_xml(
                        c.text,
                        width,
                        size,
                        align=c.align,
                        vertical=c.vertical,
                        is_value=c.is_value,
                        last=last_row,
                        paired=c.header and c.colspan == 1 and not c.vertical,
                    )
                    + "</w:tc>"
                )
                col += c.colspan
            elif col in continuing and continuing[col][1] >= r:
                colspan, _ = continuing[col]
                width = _span_width(widths, col, colspan)
                span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
                keep = "" if last_row else "<w:keepNext/>"
                xml.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}<w:vMerge/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{_STYLE_IDS[TABLE]}"/>{keep}</w:pPr></w:p>'
                    "</w:tc>"
                )
                col += colspan
            else:  # cannot happen for a format grid: every grid position is covered
                raise ExportError(f"表格第 {r + 1} 行第 {col + 1} 列没有单元格。")
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


# --------------------------------------------------------------------------------------------
# The document


def _title_lines(report: Report, title: str) -> list[str]:
    """A title wider than the text block breaks after the body's name, as the PDF does."""
    per_line = TEXT_WIDTH / 20 / TITLE_SIZE
    if _width(title) <= per_line:
        return [title]
    names = sorted({report.meta.agency.strip(), report.meta.display_name.strip()}, key=len)
    for name in reversed(names):
        if name and title.startswith(name) and len(name) < len(title):
            return [name, title[len(name) :]]
    return [title]


def _body(report: Report, doc: Outline, sizes: dict[str, float]) -> list[str]:
    """The document's body: paragraphs and tables in reading order."""
    body = _STYLE_IDS[BODY]
    xml: list[str] = []
    lines = _title_lines(report, doc.title)
    for n, line in enumerate(lines):
        # One blank line of the grid below the title.
        space = f'<w:spacing w:after="{LINE_PITCH}"/>' if n == len(lines) - 1 else ""
        xml.append(_paragraph(_run(line), _STYLE_IDS[TITLE], after=space))
    xml += [_paragraph(_run(p), body) for p in doc.preface]
    for section in doc.sections:
        xml.append(_paragraph(_run(section.heading), _STYLE_IDS[HEADING]))
        if section.table is not None:
            size = sizes[section.table.spec.key] = table_size(section.table)
            xml.append(_table_xml(section.table, size))
            continue
        for part in section.parts:
            paragraphs = list(part.paragraphs)
            if part.heading and part.run_in:
                first = paragraphs.pop(0) if paragraphs else ""
                runs = _run(run_in_heading(part.heading) if first else part.heading, _RUN_IN_STYLE)
                xml.append(_paragraph(runs + (_run(first) if first else ""), body))
            elif part.heading:
                xml.append(_paragraph(_run(part.heading), _STYLE_IDS[SUBHEADING]))
            xml += [_paragraph(_run(p), body) for p in paragraphs]
    # The 落款 never stands alone on a page: the last paragraph keeps with it.
    xml[-1] = _kept_with_next(xml[-1])
    return xml + _signature(doc)


def _kept_with_next(paragraph: str) -> str:
    """A paragraph of _paragraph() with keepNext added (after its pStyle, as the schema orders)."""
    style_end = paragraph.index("/>") + 2
    return paragraph[:style_end] + "<w:keepNext/>" + paragraph[style_end:]


def _signature(doc: Outline) -> list[str]:
    """The 落款 (GB/T 9704 7.3.5.2): one blank line below the text, the body's name with two
    characters of space on its right, the date below starting two characters further right
    (when the date is the longer, it keeps the two characters and the name moves left)."""
    name, date = doc.signature.name, doc.signature.date
    name_w, date_w = _width(name), _width(date)
    if not name or date_w + 2 <= name_w:
        name_right, date_right = 2.0, 2.0 + (name_w - 2 - date_w if name else 0.0)
    else:
        date_right, name_right = 2.0, 4.0 + date_w - name_w
    lines = [(name, name_right), (date, date_right)] if name else [(date, date_right)]
    xml = []
    for n, (text, right) in enumerate(lines):
        before = f'<w:spacing w:before="{LINE_PITCH}"/>' if n == 0 else ""
        ind = (
            f'<w:ind w:right="{round(right * BODY_SIZE * 20)}" w:rightChars="{round(right * 100)}"'
            ' w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>'
        )
        keep = "<w:keepNext/>" if n < len(lines) - 1 else ""
        xml.append(_paragraph(_run(text), _STYLE_IDS[BODY], keep, before + ind))
    return xml


def _font_table(document: Any) -> None:
    """Name each official face in the font table, with its other name and the GB2312 set."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for role, face in WORD_FACES.items():
        table.append(
            parse_xml(
                f"<w:font {_NS} w:name={quoteattr(face)}><w:altName w:val="
                f'{quoteattr(ALT_FACES[role])}/><w:charset w:val="{GB2312_CHARSET}"/>'
                '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    # python-docx keeps parts it does not model as bytes.
    part._blob = serialize_part_xml(table)


def render_docx(report: Report, *, findings: Sequence[fmt.HasSeverity]) -> DocxResult:
    """The report as a .docx in memory. A report with an error among ``findings`` is marked
    「草稿」 in every page's header and in the document's title."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    draft = fmt.count(findings, fmt.Severity.ERROR) > 0
    doc = outline(report)
    document = docx.Document()
    _install_styles(document)
    _page_setup(document, draft)
    sizes: dict[str, float] = {}
    body = document.element.body
    sect = body[-1]
    wrapper = parse_xml(f"<w:body {_NS}>{''.join(_body(report, doc, sizes))}</w:body>")
    for element in list(wrapper):
        sect.addprevious(element)
    props = document.core_properties
    props.title = f"{doc.title}（草稿）" if draft else doc.title
    props.subject = "草稿：报告仍有错误，不是定稿" if draft else "政府信息公开工作年度报告"
    props.author = doc.signature.name
    props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.last_modified_by = ""
    _font_table(document)
    # Left out of the template: its preview picture (an empty page, which a file manager would
    # show) and Word 2010's copy of the styles with text effects (the template's styles, not ours).
    for rels in (document.part.package.rels, document.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype in (RT.THUMBNAIL, STYLES_WITH_EFFECTS):
                del rels[rid]
    buffer = io.BytesIO()
    document.save(buffer)
    return DocxResult(None, draft, sizes, buffer.getvalue())


def export_docx(
    report: Report, path: str | os.PathLike[str], *, findings: Sequence[fmt.HasSeverity]
) -> DocxResult:
    """Write the report as a .docx, atomically. Raises ExportError when the file cannot be
    written (nothing is left half-written)."""
    from gaidesk.fsutil import write_atomic

    result = render_docx(report, findings=findings)
    target = Path(path)
    try:
        write_atomic(target, result.data, action="导出Word文档")
    except StoreError as exc:
        raise ExportError(
            f"{exc}请检查文件夹是否存在、可写，文件是否正在被其他程序（如 WPS 或 Word）打开。"
        ) from exc
    result.path = target
    return result
