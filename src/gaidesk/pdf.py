"""The printed report: a PDF laid out like the official format (docs/format.md §8).

A4 portrait with the 公文 conventions of GB/T 9704: text block 156 × 225 mm (37 mm from the top,
28 mm from the left) of 22 lines × 28 characters, title 22 pt 小标宋, headings 16 pt 黑体,
sub-headings 16 pt 楷体 on their own lines, body 16 pt 仿宋 with a two-character first-line indent,
a heading kept with the first two lines of its paragraph, paragraphs split without widows or
orphans, the three tables in 宋体 with every label and merge of the format, page numbers
「— n —」. Chinese text is set by gaidesk's own line breaker (gaidesk.linebreak: no closing
punctuation at a line start, no opening one at a line end, numbers and Latin words kept whole,
justified lines), so that the result does not depend on reportlab's CJK wrapping.
A character that the role's face lacks is drawn with another face that has it;
one no face has stops the export before anything is written (fonts.MissingGlyphError).

reportlab is imported only here and in pdffont (the TrueType font whose ToUnicode map gives
every character back), and these modules only when exporting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

# reportlab's C accelerator (rl_accel), named here so that a frozen build collects it; without it
# reportlab falls back to its pure-Python versions.
with contextlib.suppress(ImportError):
    import _rl_accel  # noqa: F401

from gaidesk import fonts as fontmod
from gaidesk import format as fmt
from gaidesk.errors import ExportError
from gaidesk.fonts import BODY, HEADING, SUBHEADING, TABLE, TITLE, Face, FontSet, MissingGlyphError
from gaidesk.linebreak import (
    Glyph,
    Line,
    advance,
    avoid_orphan,
    break_in_pairs,
    break_lines,
)
from gaidesk.model import Report
from gaidesk.outline import outline, value_text
from gaidesk.pdffont import UnicodeTTFont

__all__ = ["MissingGlyphError", "PdfResult", "export_pdf", "render_pdf_bytes"]

# --------------------------------------------------------------------------------------------
# Page geometry (GB/T 9704)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 225 * mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT

TITLE_SIZE = 22.0  # 2号
TITLE_LEADING = 34.0
BODY_SIZE = 16.0  # 3号
# The GB/T 9704 text block holds 22 lines of 28 characters of 3号: characters are set on a pitch of
# a 28th of the block's width (a little under their 16 pt size, as Word's document grid does) and
# lines on a pitch of a 22nd of its height, so that the last of 22 lines ends at the block's foot.
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
BODY_PITCH = TEXT_WIDTH / CHARS_PER_LINE
BODY_TRACKING = BODY_PITCH - BODY_SIZE  # added to each character's advance (negative)
BODY_LEADING = TEXT_HEIGHT / LINES_PER_PAGE
INDENT = 2 * BODY_PITCH  # the first line's indent: two characters
PAGE_NUMBER_SIZE = 14.0  # 4号
PAGE_NUMBER_GAP = 7 * mm  # from the text block's lower edge to the top of the page number line

# Table font sizes and paddings are the tables' own traits (gaidesk.format.Traits).
LABEL_SHARE = 0.28  # of the text width, for the one label column of a table without long labels
# Table 3's data columns are wide enough for a header of this many characters (自然人, 总计) and
# a number of its traits' print_number_digits on one line; longer headers (社会公益组织) wrap.
T3_HEADER_CHARS = 3
CELL_PADDING = 3.0
# A number too wide for its cell at the table's size is shrunk down to the table's
# ``print_number_min_size``, then set condensed down to this share of its width, and only then
# shrunk further.
MIN_CONDENSE = 0.8
GRID_WIDTH = 0.6

WATERMARK = "草稿"
# 落款 (GB/T 9704-2012 7.3.5.2): one blank line below the text, the body's name with two
# characters of space on its right, the date on the next line starting two characters further
# right than the name (or, when the date is the longer, with two characters of space on its right
# and the name moved left to keep the two-character step).
SIGNATURE_STEP = 2 * BODY_SIZE


@dataclass
class PdfResult:
    """What an export produced."""

    path: Path | None
    pages: int
    fonts: dict[str, str]  # role -> the face that served it, described in Chinese
    draft: bool  # carries the 「草稿」 watermark because the report has errors
    # Each face that drew characters in place of a role's own face -> those characters, in
    # the order first printed.
    substitutes: dict[str, str] = field(default_factory=dict)
    data: bytes = b""

    def substitutes_note(self) -> str:
        """The substitute faces and what each drew, for the clerk; empty when there were none."""
        return fontmod.substitutes_note(self.substitutes)


# --------------------------------------------------------------------------------------------
# Fonts in reportlab

_REGISTERED: dict[tuple[str, int], str] = {}


def _font_name(face: Face) -> str:
    """Register a face with reportlab once per process; subsets are embedded when used."""
    key = (face.path, face.index)
    if key not in _REGISTERED:
        digest = hashlib.sha1(f"{face.path}#{face.index}".encode()).hexdigest()[:10]
        name = f"gd-{digest}"
        try:
            font = UnicodeTTFont(name, face.path, subfontIndex=face.index)
        except Exception as exc:  # reportlab raises TTFError and plain errors alike
            raise ExportError(
                f"字体“{face.display_name}”（{face.path}）无法嵌入 PDF：{exc}"
            ) from exc
        if SLICED_GLYF:
            _read_glyf_by_slices(font.face)
        pdfmetrics.registerFont(font)
        _REGISTERED[key] = name
    return _REGISTERED[key]


# reportlab builds each embedded subset (up to 256 characters) from a fresh copy of the face's
# whole 'glyf' table, 10-17 MB for a Chinese face, and only ever slices single glyphs out of it.
# Handing it a view that slices the font data in place gives the same bytes without the copy.
SLICED_GLYF = True


class _TableSlices:
    """A table of a font file that yields bytes for slices of it, without copying it whole."""

    __slots__ = ("_data", "_length", "_start")

    def __init__(self, data: bytes, start: int, length: int) -> None:
        self._data = data
        self._start = start
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: slice) -> bytes:
        start, stop, step = index.indices(self._length)
        if step != 1:
            return bytes(self)[index]
        return self._data[self._start + start : self._start + max(start, stop)]

    def __bytes__(self) -> bytes:
        return self._data[self._start : self._start + self._length]


def _read_glyf_by_slices(face: Any) -> None:
    if not (hasattr(face, "_ttf_data") and hasattr(face, "get_table_pos")):
        return  # another reportlab release: keep its own (slower, equally correct) reading
    plain = face.get_table

    def get_table(tag: str) -> Any:
        if tag == "glyf":
            start, length = face.get_table_pos(tag)
            return _TableSlices(face._ttf_data, start, length)
        return plain(tag)

    face.get_table = get_table


# --------------------------------------------------------------------------------------------
# Setting Chinese text


# A paragraph's lines at a width, with the scale of its size and its horizontal condensing.
Layout = tuple[list[Line], float, float]


class _Shared:
    """What the exporter derives from one FontSet and no report changes, kept for the process
    (fonts.choose returns the same FontSet while the font folders stay the same): the glyph of
    each character in each role, and the line layouts of the format's fixed texts (table labels,
    section headings) by size and width."""

    def __init__(self, fontset: FontSet) -> None:
        self.fontset = fontset
        # (role, char) -> the glyph, and the face's name when another face than the role's own
        # draws it (a substitute).
        self.glyphs: dict[tuple[str, str], tuple[Glyph, str | None]] = {}
        self.layouts: dict[tuple[object, ...], dict[float, Layout]] = {}
        # A one-page table's height by (table, size) while every number takes one line
        # (Builder._one_page_height).
        self.one_page_heights: dict[tuple[str, float, int], float] = {}
        # Characters known to be drawable, by role (check_characters).
        self.drawable: dict[str, set[str]] = {}


_SHARED: _Shared | None = None


def _shared(fontset: FontSet) -> _Shared:
    global _SHARED
    if _SHARED is None or _SHARED.fontset is not fontset:
        _SHARED = _Shared(fontset)
    return _SHARED


class _Typesetter:
    """Turns (text, role) pieces into glyphs with the face that can draw each character."""

    def __init__(self, fontset: FontSet) -> None:
        self.fontset = fontset
        self.substitutes: dict[str, str] = {}  # face -> the characters it drew
        self.shared = _shared(fontset)

    def glyphs(self, pieces: Iterable[tuple[str, str]]) -> list[Glyph]:
        out: list[Glyph] = []
        cache = self.shared.glyphs
        for text, role in pieces:
            for ch in text:
                found = cache.get((role, ch))
                if found is None:
                    found = cache[(role, ch)] = self._glyph(role, ch)
                glyph, substitute = found
                if substitute is not None:
                    drawn = self.substitutes.get(substitute, "")
                    if ch not in drawn:
                        self.substitutes[substitute] = drawn + ch
                out.append(glyph)
        return out

    def _glyph(self, role: str, ch: str) -> tuple[Glyph, str | None]:
        role_font = self.fontset.roles[role]
        own_face = role_font.face
        if self.fontset.has(own_face, ch):
            face = own_face
        else:
            face = self.fontset.face_for(role, ch) or own_face
        name = _font_name(face)
        own = face == own_face
        glyph = Glyph(ch, name, pdfmetrics.stringWidth(ch, name, 1.0), role_font.embolden and own)
        return glyph, (face.display_name if not own and not ch.isspace() else None)


class Para(Flowable):  # type: ignore[misc]
    """A paragraph of Chinese text with per-character faces, set by break_lines."""

    def __init__(
        self,
        glyphs: Sequence[Glyph],
        size: float,
        leading: float,
        *,
        first_indent: float = 0.0,
        align: str = "justify",  # "justify" | "left" | "center"
        kinsoku: bool = True,
        shrink_to_fit: bool = False,
        no_orphan: bool = False,
        pairs: bool = False,
        space_before: float = 0.0,
        tracking: float = 0.0,
        min_size: float = 0.0,
        lines: list[Line] | None = None,
        width: float | None = None,
        layouts: dict[float, Layout] | None = None,
    ) -> None:
        super().__init__()
        self.glyphs = list(glyphs)
        self.size = size
        self.leading = leading
        self.first_indent = first_indent
        self.align = align
        self.kinsoku = kinsoku
        self.shrink_to_fit = shrink_to_fit
        self.no_orphan = no_orphan
        self.pairs = pairs
        self.spaceBefore = space_before
        self.tracking = tracking
        # With shrink_to_fit: the size a text too wide for its cell is shrunk to at most before
        # it is condensed (down to MIN_CONDENSE of its width), and only then shrunk further.
        self.min_size = min_size
        self._lines = lines
        self._width = width
        self._scale = 1.0
        self._condense = 1.0  # horizontal scale of the glyphs
        # Line layouts by width: tables and the page frames wrap a paragraph many times, mostly
        # at the same widths. A layout is a pure function of the glyphs, size and width.
        # A caller may share one dict among paragraphs of the same glyphs and settings.
        self._layouts: dict[float, Layout] = {} if layouts is None else layouts
        if lines is not None and width is not None:
            self._layouts[width] = (lines, 1.0, 1.0)

    # The glyph size after any shrinking to fit a narrow cell.
    @property
    def eff_size(self) -> float:
        return self.size * self._scale

    def _layout(self, width: float) -> list[Line]:
        layout = self._layouts.get(width)
        if layout is None:
            scale, condense = self._fit(width)
            lines = break_lines(
                self.glyphs,
                self.size * scale * condense,
                width,
                self.first_indent,
                kinsoku=self.kinsoku,
                tracking=self.tracking,
            )
            if self.pairs:
                lines = break_in_pairs(lines, self.size * scale, width, self.first_indent)
            if self.no_orphan:
                lines = avoid_orphan(
                    lines, self.size * scale, width, self.first_indent, self.kinsoku
                )
            layout = self._layouts[width] = (lines, scale, condense)
        self._lines, self._scale, self._condense = layout
        self._width = width
        return self._lines

    def _fit(self, width: float) -> tuple[float, float]:
        """The scale of the size and the horizontal condensing at which a text meant to fit its
        cell (shrink_to_fit) takes one line: shrunk down to min_size, then condensed down to
        MIN_CONDENSE, then shrunk further (down to half size)."""
        natural = sum(g.width for g in self.glyphs) * self.size
        if not (self.shrink_to_fit and self.glyphs and natural > width > 0):
            return 1.0, 1.0
        if not self.min_size:
            return max(0.5, width / natural), 1.0
        scale = min(1.0, max(self.min_size / self.size, width / natural))
        condense = max(MIN_CONDENSE, width / (natural * scale))
        if natural * scale * condense > width:
            scale = max(0.5, width / (natural * condense))
        return scale, condense

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = self.leading * max(1, len(lines))
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split across pages with no orphan or widow: at least two lines at the page foot and
        two at the top of the next page (a paragraph of three lines or fewer goes over whole)."""
        lines = self._layout(availWidth)
        fit = min(int((availHeight + 0.01) // self.leading), len(lines) - 2)
        if fit < 2:
            return []
        return [self._part(lines[:fit], availWidth), self._part(lines[fit:], availWidth)]

    def _part(self, lines: list[Line], width: float) -> Para:
        part = Para(
            [g for line in lines for g in line.glyphs],
            self.size,
            self.leading,
            align=self.align,
            kinsoku=self.kinsoku,
            tracking=self.tracking,
            lines=lines,
            width=width,
        )
        part._scale = self._scale
        part._condense = self._condense
        part._layouts[width] = (lines, self._scale, self._condense)
        return part

    def draw(self) -> None:
        canvas = self.canv
        size = self.eff_size
        lines = self._lines or []
        height = self.leading * max(1, len(lines))
        # Baseline of each line: the em box centred on the line pitch.
        ascent = 0.88 * size
        offset = (self.leading - size) / 2 + ascent
        tracking = self.tracking
        condense = self._condense
        for n, line in enumerate(lines):
            y = height - n * self.leading - offset
            natural = advance(line.glyphs, size * condense, tracking)
            spacing = tracking
            # Each character centred on its pitch: half the tracking before the first.
            x = line.indent + tracking / 2
            if self.align == "center":
                x += (line.available - natural) / 2
            elif self.align == "justify" and line.justify and len(line.glyphs) > 1:
                spacing += (line.available - natural) / (len(line.glyphs) - 1)
            self._draw_line(canvas, line.glyphs, x, y, size, spacing, condense)

    @staticmethod
    def _draw_line(
        canvas: Canvas,
        glyphs: Sequence[Glyph],
        x: float,
        y: float,
        size: float,
        spacing: float,
        condense: float = 1.0,
    ) -> None:
        text = canvas.beginText()
        text.setCharSpace(spacing)
        if condense != 1.0:
            text.setHorizScale(condense * 100)
        k = 0
        while k < len(glyphs):
            j = k + 1
            while j < len(glyphs) and (glyphs[j].font, glyphs[j].bold) == (
                glyphs[k].font,
                glyphs[k].bold,
            ):
                j += 1
            run = glyphs[k:j]
            text.setTextOrigin(x, y)
            text.setFont(run[0].font, size)
            if run[0].bold:
                text.setTextRenderMode(2)
                canvas.setLineWidth(size * 0.035)
            else:
                text.setTextRenderMode(0)
            text.textOut("".join(g.char for g in run))
            x += sum(g.width for g in run) * size * condense + spacing * len(run)
            k = j
        canvas.drawText(text)


class _Signature(Flowable):  # type: ignore[misc]
    """The 落款 below the text: name over date, right-aligned in the 公文 way (SIGNATURE_STEP),
    after one blank line, never split from itself."""

    def __init__(self, lines: list[list[Glyph]], size: float, leading: float) -> None:
        super().__init__()
        self.lines = lines
        self.size = size
        self.leading = leading
        self.spaceBefore = leading  # one blank line

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.leading * len(self.lines)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def starts(self, width: float) -> list[float]:
        """Where each line starts: the name right-spaced two characters, each later line two
        characters further right, the longest-reaching line right-spaced two characters."""
        widths = [sum(g.width for g in line) * self.size for line in self.lines]
        right = width - SIGNATURE_STEP
        first = min(right - w - n * SIGNATURE_STEP for n, w in enumerate(widths))
        return [max(0.0, first + n * SIGNATURE_STEP) for n in range(len(widths))]

    def draw(self) -> None:
        ascent = 0.88 * self.size
        offset = (self.leading - self.size) / 2 + ascent
        for n, (line, x) in enumerate(zip(self.lines, self.starts(self.width), strict=True)):
            y = self.height - n * self.leading - offset
            Para._draw_line(self.canv, line, x, y, self.size, 0.0)


class _Ending(Flowable):  # type: ignore[misc]
    """The last paragraph and the 落款 below it. At a page foot the paragraph is split so that
    at least its last two lines go over with the 落款 (a short one goes over whole, and with it
    a heading kept with it), as a 落款 is never printed alone on a page."""

    def __init__(self, para: Para, signature: _Signature) -> None:
        super().__init__()
        self.para = para
        self.signature = signature

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, text = self.para.wrap(availWidth, availHeight)
        _, sign = self.signature.wrap(availWidth, availHeight)
        self.width = availWidth
        self.height = text + self.signature.spaceBefore + sign
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.para._layout(availWidth)
        here = min(int((availHeight + 0.01) // self.para.leading), len(lines) - 2)
        if here < 2:
            return []
        return [
            self.para._part(lines[:here], availWidth),
            _Ending(self.para._part(lines[here:], availWidth), self.signature),
        ]

    def draw(self) -> None:
        top = self.height - self.para.height
        self.para.drawOn(self.canv, 0, top)
        self.signature.drawOn(self.canv, 0, 0)


class _WithHeadings(Flowable):  # type: ignore[misc]
    """Headings and what follows them (a paragraph, a table, the last paragraph with the 落款).
    At a page foot the headings stay only with as much of it as it lets go on this page (the
    first two lines of a paragraph, the first block of a table); otherwise all go over."""

    def __init__(self, headings: list[Flowable], content: Flowable) -> None:
        super().__init__()
        self.headings = headings
        self.content = content

    def _headings_height(self, availWidth: float, availHeight: float) -> float:
        height = 0.0
        for heading in self.headings:
            _, used = heading.wrap(availWidth, availHeight)
            height += used + heading.getSpaceBefore()
        return height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        above = self._headings_height(availWidth, availHeight)
        _, height = self.content.wrap(availWidth, max(0.0, availHeight - above))
        self.width = availWidth
        self.height = above + self.content.getSpaceBefore() + height
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        room = availHeight - self._headings_height(availWidth, availHeight)
        room -= self.content.getSpaceBefore()
        if room <= 0:
            return []
        self.content.wrap(availWidth, room)
        parts: list[Flowable] = self.content.split(availWidth, room)
        if not parts:
            return []
        return [*self.headings, *parts]

    def draw(self) -> None:
        y = self.height
        for flowable in (*self.headings, self.content):
            y -= flowable.getSpaceBefore()
            _, height = flowable.wrap(self.width, y)
            y -= height
            flowable.drawOn(self.canv, 0, y)


class _Table(Table):  # type: ignore[misc]
    """A reportlab Table that lays itself out once per width.

    Table.wrap recomputes every row height (wrapping every cell) on each call, and the page
    machinery calls it several times for one table (KeepTogether measures its content, then the
    frame wraps the table where it lands). With fixed column widths the layout depends on the
    available height only through reportlab's long-table shortcut, which stops measuring rows
    once they exceed that height; so a complete layout (every row measured) that fits is exactly
    what a new wrap at the same width and any height it fits would compute."""

    _wrapped_at: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._wrapped_at
        if last is not None and last[0] == availWidth:
            complete = getattr(self, "_hmax", -1) == self._nrows
            if last[1] == availHeight or (complete and self._height <= availHeight):
                self.availWidth = availWidth
                return self._width, self._height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = (availWidth, availHeight)
        return size


# --------------------------------------------------------------------------------------------
# What the report says, with the role and place of every piece of text


@dataclass(frozen=True)
class Piece:
    role: str
    text: str
    place: str | Callable[[], str]  # a place for messages, or how to name it when needed

    @property
    def where(self) -> str:
        return self.place if isinstance(self.place, str) else self.place()


def report_pieces(report: Report) -> Iterator[Piece]:
    """Every piece of text printed, in reading order, with its role and a place for messages."""
    printed = outline(report)
    yield Piece(TITLE, printed.title, "标题")
    for para in printed.preface:
        yield Piece(BODY, para, "开头导语")
    for section in printed.sections:
        yield Piece(HEADING, section.heading, section.heading)
        if section.table:
            for cell in section.table.cells:
                if cell.is_value:
                    yield Piece(
                        TABLE, cell.text, partial(_cell_place, section.heading, cell.address)
                    )
                else:
                    yield Piece(TABLE, cell.text, f"{section.heading}表格")
        for part in section.parts:
            where = fmt.cell_name(part.spec.address)
            if part.heading:
                yield Piece(SUBHEADING, part.heading, where + "标题")
            for para in part.paragraphs:
                yield Piece(BODY, para, where)
    if printed.signature.name:
        yield Piece(BODY, printed.signature.name, "落款")
    yield Piece(BODY, printed.signature.date, "落款日期")


def _cell_place(heading: str, address: str) -> str:
    return f"{heading}表格“{fmt.cell_name(address)}”"


def check_characters(report: Report, fontset: FontSet) -> None:
    """Raise MissingGlyphError for the first character of the report no face can draw."""
    drawable = _shared(fontset).drawable
    for piece in report_pieces(report):
        known = drawable.setdefault(piece.role, set())
        chars = set(piece.text)
        if chars <= known:
            continue
        fontmod.check_text(fontset, piece.role, piece.text, piece.where)
        known |= chars


# --------------------------------------------------------------------------------------------
# Building the story


class _Builder:
    def __init__(self, report: Report, fontset: FontSet) -> None:
        self.report = report
        self.fontset = fontset
        self.ts = _Typesetter(fontset)
        self._values: dict[str, str] = {}  # printed text of each value cell, by address

    def para(
        self,
        pieces: Sequence[tuple[str, str]],
        size: float = BODY_SIZE,
        *,
        fixed: bool = False,
        **kw: Any,
    ) -> Para:
        """A paragraph of the pieces; ``fixed`` for the format's own texts (labels, headings),
        whose line layouts are kept for the next export."""
        leading = kw.pop("leading", BODY_LEADING)
        if fixed:
            key = (
                tuple(pieces),
                size,
                kw.get("first_indent", 0.0),
                kw.get("kinsoku", True),
                kw.get("shrink_to_fit", False),
                kw.get("no_orphan", False),
                kw.get("pairs", False),
                kw.get("tracking", 0.0),
                kw.get("min_size", 0.0),
            )
            kw["layouts"] = self.ts.shared.layouts.setdefault(key, {})
        return Para(self.ts.glyphs(pieces), size, leading, **kw)

    def body(self, text: str, **kw: Any) -> Para:
        return self.para([(text, BODY)], first_indent=INDENT, tracking=BODY_TRACKING, **kw)

    def heading(self, text: str, role: str) -> Para:
        """A heading on its own line(s), on the body's character pitch."""
        return self.para([(text, role)], first_indent=INDENT, tracking=BODY_TRACKING, fixed=True)

    def story(self) -> list[Flowable]:
        # The text as a list of flowables, each heading marked: a heading goes with the first
        # two lines of what follows it (_WithHeadings), not with the whole paragraph.
        printed = outline(self.report)
        flow: list[tuple[Flowable, bool]] = []
        for text in printed.preface:
            flow.append((self.body(text), False))
        for section in printed.sections:
            heading = self.heading(section.heading, HEADING)
            if section.table:
                traits = section.table.traits
                table = self.table(section.table.spec.key, heading)
                if traits.one_page or not traits.unbreakable_rows:
                    flow.append((KeepTogether([heading, table]), False))
                else:
                    # Split only between the row ranges the table keeps together (table 2's
                    # blocks), the heading with the first of them.
                    flow += [(heading, True), (table, False)]
                flow.append((Spacer(1, BODY_LEADING / 2), False))
                continue
            flow.append((heading, True))
            for part in section.parts:
                if part.heading:
                    flow.append((self.heading(part.heading, SUBHEADING), True))
                flow += [(self.body(p), False) for p in part.paragraphs]
        name, date = printed.signature.name, printed.signature.date
        lines = [self.ts.glyphs([(text, BODY)]) for text in (name, date) if text]
        signature = _Signature(lines, BODY_SIZE, BODY_LEADING)
        last, is_heading = flow[-1]
        if isinstance(last, Para) and not is_heading:
            flow[-1] = (_Ending(last, signature), False)  # the 落款 never stands alone on a page
        else:
            flow.append((signature, False))
        story: list[Flowable] = [*self.title(), Spacer(1, BODY_LEADING)]
        headings: list[Flowable] = []
        for flowable, is_heading in flow:
            if is_heading:
                headings.append(flowable)
            elif headings:
                story.append(_WithHeadings(headings, flowable))
                headings = []
            else:
                story.append(flowable)
        story += headings
        return story

    def title(self) -> list[Flowable]:
        title = fontmod.printable(self.report.meta.effective_title).strip()
        glyphs = self.ts.glyphs([(title, TITLE)])
        lines = [title]
        if sum(g.width for g in glyphs) * TITLE_SIZE > TEXT_WIDTH:
            name = self.report.meta.display_name.strip()
            # Two lines as the format prints them: the body's name / year and title.
            candidates = sorted({self.report.meta.agency.strip(), name}, key=len, reverse=True)
            for candidate in candidates:
                if candidate and title.startswith(candidate) and len(candidate) < len(title):
                    lines = [candidate, title[len(candidate) :]]
                    break
        return [
            self.para([(line, TITLE)], TITLE_SIZE, leading=TITLE_LEADING, align="center")
            for line in lines
        ]

    # Tables ----------------------------------------------------------------------------------

    def table(self, key: str, heading: Para) -> _Table:
        sizes = fmt.TABLES[key].traits.print_sizes
        if fmt.TABLES[key].traits.one_page:
            # A one-page table (3): the largest size at which heading and table fit.
            table = None
            for size in sizes:
                height, table = self._one_page_height(key, size)
                if height + heading.leading * 1 <= TEXT_HEIGHT - 1:
                    break
            return table or self._table(key, size)
        return self._table(key, sizes[0])

    def _one_page_height(self, key: str, size: float) -> tuple[float, _Table | None]:
        """A one-page table's height at a size, and the table if it had to be built to measure it.

        Its labels are the format's own, so its height depends on the report only through the
        width of its data columns (_data_digits) and the number of lines of each number; numbers
        are shrunk and condensed to fit their cells and so take one line unless one is too long
        even at half size. While every number takes one line the height at a size is the same
        for every report with numbers as long, and is measured once per font set."""
        spec = fmt.TABLES[key]
        widths = self._col_widths(key, size)
        one_line = True
        for cell in spec.grid:
            if not cell.is_value:
                continue
            if cell.colspan != 1:
                one_line = False
                break
            width = widths[cell.col] - 2 * self._side_padding(key)
            number = self._number(key, cell, size)
            scale, condense = number._fit(width)
            natural = sum(g.width for g in number.glyphs) * size
            if natural * scale * condense > width + 0.01 - 1e-5:
                one_line = False
                break
        digits = self._data_digits(key)
        known = self.ts.shared.one_page_heights.get((key, size, digits)) if one_line else None
        if known is not None:
            return known, None
        table = self._table(key, size)
        _, height = table.wrap(TEXT_WIDTH, TEXT_HEIGHT)
        if one_line:
            self.ts.shared.one_page_heights[key, size, digits] = height
        return height, table

    def _number(self, key: str, cell: fmt.GridCell, size: float) -> Para:
        """A value cell's text, centred, made to fit its cell on one line (Para._fit)."""
        return self.para(
            [(self._value(cell), TABLE)],
            size,
            leading=round(size * 1.25, 2),
            align="center",
            shrink_to_fit=True,
            min_size=fmt.TABLES[key].traits.print_number_min_size,
        )

    def _value(self, cell: fmt.GridCell) -> str:
        text = self._values.get(cell.address)
        if text is None:
            text = self._values[cell.address] = value_text(self.report, cell.address)
        return text

    def _col_widths(self, key: str, size: float) -> list[float]:
        spec = fmt.TABLES[key]
        if spec.traits.long_label_col is not None:
            # A vertical label, a category column, the long labels, then the data columns.
            padding = self._side_padding(key)
            vertical = size + 2 * padding + 2
            category = 5.0 * size + 2 * padding
            data = self._data_width(key, size)
            n = spec.cols - spec.label_cols
            return [vertical, category, TEXT_WIDTH - vertical - category - n * data] + [data] * n
        if spec.label_cols:
            label = LABEL_SHARE * TEXT_WIDTH
            n = spec.cols - spec.label_cols
            return [label] + [(TEXT_WIDTH - label) / n] * n
        return [TEXT_WIDTH / spec.cols] * spec.cols

    def _data_digits(self, key: str) -> int:
        """How many digits the data columns of a table with long labels make room for: those of
        its longest number, up to its traits' ``print_number_digits`` (longer ones are set
        condensed or shrunk), so that the labels keep the rest."""
        spec = fmt.TABLES[key]
        longest = max((len(self._value(c)) for c in spec.grid if c.is_value), default=0)
        return min(spec.traits.print_number_digits, longest)

    def _data_width(self, key: str, size: float) -> float:
        """Table 3's data columns: room for its short headers (自然人) and for the report's
        numbers (_data_digits) on one line, neither wrapped nor shrunk; the row labels' column
        gives up the rest (its long labels wrap inside their cells)."""
        widest = max(
            sum(g.width for g in self.ts.glyphs([(text, TABLE)]))
            for text in (
                *(c.label for c in fmt.T3_COLUMNS if len(c.label) <= T3_HEADER_CHARS),
                "0" * self._data_digits(key),
            )
        )
        return widest * size + 2 * self._side_padding(key) + 0.5

    @staticmethod
    def _side_padding(key: str) -> float:
        padding = fmt.TABLES[key].traits.print_side_padding
        return CELL_PADDING if padding is None else padding

    def _table(self, key: str, size: float) -> _Table:
        spec = fmt.TABLES[key]
        traits = spec.traits
        leading = round(size * 1.25, 2)
        data: list[list[Any]] = [["" for _ in range(spec.cols)] for _ in range(spec.rows)]
        style: list[tuple[Any, ...]] = [
            # Table sets this font for its cells (Helvetica otherwise, which is not embedded).
            ("FONT", (0, 0), (-1, -1), _font_name(self.fontset.roles[TABLE].face), size),
            ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), self._side_padding(key)),
            ("RIGHTPADDING", (0, 0), (-1, -1), self._side_padding(key)),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        for cell in spec.grid:
            if cell.is_value:
                flow = self._number(key, cell, size)
            else:
                vertical = cell.rowspan > 3 and cell.col == traits.vertical_label_col
                align = "center" if cell.header or traits.centred_labels or vertical else "left"
                if cell.col == traits.category_col and cell.rowspan > 1:
                    align = "center"
                flow = self.para(
                    [(cell.text, TABLE)],
                    size,
                    leading=leading,
                    align=align,
                    kinsoku=not vertical,
                    no_orphan=not vertical,
                    pairs=cell.header,
                    fixed=True,
                )
            data[cell.row][cell.col] = flow
            if cell.rowspan > 1 or cell.colspan > 1:
                style.append(
                    (
                        "SPAN",
                        (cell.col, cell.row),
                        (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1),
                    )
                )
        for first, last in traits.unbreakable_rows:
            style.append(("NOSPLIT", (0, first), (-1, last)))
        if traits.print_padding is not None:
            style += [
                ("TOPPADDING", (0, 0), (-1, -1), traits.print_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), traits.print_padding),
            ]
        if traits.roomy_last_row:
            # The one data row gets room, as on the printed form.
            style += [("TOPPADDING", (0, -1), (-1, -1), 8), ("BOTTOMPADDING", (0, -1), (-1, -1), 8)]
        return _Table(
            data,
            colWidths=self._col_widths(key, size),
            style=TableStyle(style),
            hAlign="CENTER",
        )


# --------------------------------------------------------------------------------------------
# Pages


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, builder: _Builder, draft: bool, **kw: Any) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kw,
        )
        self.builder = builder
        self.draft = draft
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            TEXT_WIDTH,
            TEXT_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._under, onPageEnd=self._over)]
        )
        self.page_count = 0
        self.created = dt.datetime.now()

    def _under(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if canvas.getPageNumber() == 1:
            canvas.setDateFormatter(_pdf_date(self.created))
        if not self.draft:
            return
        face = self.builder.fontset.roles[HEADING].face
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.8, 0.8, 0.8))
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(40)
        canvas.setFont(_font_name(face), 160)
        canvas.drawCentredString(0, -55, WATERMARK)
        canvas.restoreState()

    def _over(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        number = canvas.getPageNumber()
        self.page_count = max(self.page_count, number)
        label = f"— {number} —"
        glyphs = self.builder.ts.glyphs([(label, TABLE)])
        width = sum(g.width for g in glyphs) * PAGE_NUMBER_SIZE
        # 单页码居右空一字，双页码居左空一字 (GB/T 9704-2012 7.5).
        if number % 2:
            x = MARGIN_LEFT + TEXT_WIDTH - PAGE_NUMBER_SIZE - width
        else:
            x = MARGIN_LEFT + PAGE_NUMBER_SIZE
        y = MARGIN_BOTTOM - PAGE_NUMBER_GAP - 0.88 * PAGE_NUMBER_SIZE
        canvas.saveState()
        Para._draw_line(canvas, glyphs, x, y, PAGE_NUMBER_SIZE, 0.0)
        canvas.restoreState()


# The exporter's caches (_SHARED, _REGISTERED) and reportlab's font registry are shared by the
# process; a print job renders on its own thread, so one export runs at a time.
_RENDERING = threading.Lock()


def _pdf_date(created: dt.datetime) -> Callable[..., str]:
    """reportlab's date formatter giving the export time (with its UTC offset) as the PDF's
    CreationDate and ModDate; in invariant mode reportlab would write 2000-01-01."""
    if created.tzinfo is None:
        created = created.astimezone()
    offset = created.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    stamp = created.strftime("D:%Y%m%d%H%M%S") + zone

    def formatter(*_ignored: int) -> str:
        return stamp

    return formatter


def _render(
    report: Report,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]],
    created: dt.datetime | None = None,
) -> PdfResult:
    with _RENDERING:
        return _render_locked(report, findings, extra_font_dirs, created or dt.datetime.now())


def _render_locked(
    report: Report,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]],
    created: dt.datetime,
) -> PdfResult:
    draft = fmt.count(findings, fmt.Severity.ERROR) > 0
    fontset = fontmod.choose(extra_font_dirs)
    check_characters(report, fontset)
    for text in (WATERMARK, "— 0123456789 —"):
        fontmod.check_text(fontset, HEADING if text == WATERMARK else TABLE, text, "页面")
    builder = _Builder(report, fontset)
    story = builder.story()
    buffer = io.BytesIO()
    title = fontmod.printable(report.meta.effective_title)
    doc = _Doc(
        buffer,
        builder,
        draft,
        title=f"{title}（草稿）" if draft else title,
        author=report.meta.agency,
        subject="草稿：报告仍有错误，不是定稿" if draft else "政府信息公开工作年度报告",
        creator="gaidesk",
        # Invariant keeps the bytes a function of the report and the time given (the same file
        # for the same report, which the tests rely on); the dates are set from ``created``.
        invariant=True,
        # Otherwise reportlab names Helvetica in every page, a font that is not embedded.
        initialFontName=_font_name(fontset.roles[BODY].face),
        initialFontSize=BODY_SIZE,
    )
    doc.created = created
    doc.build(story)
    return PdfResult(
        path=None,
        pages=doc.page_count,
        fonts=fontset.describe(),
        draft=draft,
        substitutes=dict(builder.ts.substitutes),
        data=buffer.getvalue(),
    )


def render_pdf_bytes(
    report: Report,
    *,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]] = (),
    created: dt.datetime | None = None,
) -> bytes:
    """The PDF as bytes (for a preview or the printer); same rules as export_pdf."""
    return _render(report, findings, extra_font_dirs, created).data


def export_pdf(
    report: Report,
    path: str | os.PathLike[str],
    *,
    findings: Sequence[fmt.HasSeverity],
    extra_font_dirs: Iterable[str | os.PathLike[str]] = (),
    created: dt.datetime | None = None,
) -> PdfResult:
    """Write the report as a PDF, atomically. A report with an error finding among ``findings``
    (``rules.check``; the caller has them already) gets the 「草稿」 watermark on every page. Raises
    MissingGlyphError (nothing written) for a character no font can draw, ExportError when the
    file cannot be written. ``created`` is the PDF's creation date, the current time if None."""
    result = _render(report, findings, extra_font_dirs, created)
    target = Path(path)
    _write_atomically(target, result.data)
    result.path = target
    return result


def _write_atomically(target: Path, data: bytes) -> None:
    from gaidesk.errors import StoreError
    from gaidesk.fsutil import write_atomic

    try:
        write_atomic(target, data, action="导出PDF")
    except StoreError as exc:
        raise ExportError(
            f"{exc}请检查文件夹是否存在、可写，文件是否正在被其他程序（如 PDF 阅读器）打开。"
        ) from exc
