"""The Word document's page, faces and WordprocessingML pieces (docx_export, docx_tables).

The facts of the official layout as Word stores them: GB/T 9704's page and text block in twips,
the line grid and the tracking that sets 28 characters a line, the faces each role names, the
styles' ids; and the small builders of runs and paragraphs. Text is escaped here, once.
"""

from __future__ import annotations

import math
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from gaidesk.fonts import BODY, HEADING, OFFICIAL_FACES, SUBHEADING, TABLE, TITLE

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
assert all(face in OFFICIAL_FACES[role] for role, face in WORD_FACES.items())
assert all(face in OFFICIAL_FACES[role] for role, face in ALT_FACES.items())

STYLE_IDS: dict[str, str] = {
    TITLE: "GaideskTitle",
    HEADING: "GaideskHeading",
    SUBHEADING: "GaideskSubheading",
    BODY: "GaideskBody",
    TABLE: "GaideskTable",
}
STYLE_NAMES: dict[str, str] = {
    TITLE: "报告标题",
    HEADING: "一级标题",
    SUBHEADING: "二级标题",
    BODY: "报告正文",
    TABLE: "表格文字",
}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'


def fonts_xml(face: str) -> str:
    """A face for every script slot: Word picks eastAsia for Chinese, ascii/hAnsi for digits
    and Latin letters (the same face, as the PDF prints them)."""
    f = quoteattr(face)
    return f'<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f} w:hint="eastAsia"/>'


def size_xml(points: float) -> str:
    """A font size (w:sz counts half points), for Chinese and other scripts alike."""
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def run(text: str, style: str = "", size: float | None = None) -> str:
    """A run of text (escaped, spaces kept), with a character style or a size of its own."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if size is not None:
        props += size_xml(size)
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def exact(points: float) -> str:
    """Line spacing of exactly ``points``, nothing before or after the paragraph."""
    return f'<w:spacing w:before="0" w:after="0" w:line="{round(points * 20)}" w:lineRule="exact"/>'


def paragraph(runs: str, style: str, extra: str = "", after: str = "") -> str:
    """A paragraph of a style; ``extra`` are properties that go before w:spacing in the
    schema's order (keepNext, pageBreakBefore…), ``after`` those after it (w:ind, w:jc)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}{after}</w:pPr>{runs}</w:p>'


def em_width(text: str) -> float:
    """The text's width in em: Chinese characters and full-width marks 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)
