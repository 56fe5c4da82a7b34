"""The flowables of the printed report: a paragraph set by gaidesk's line breaker (Para), the 落款
(Signature), the last paragraph with it (Ending), headings kept with what follows them
(WithHeadings) and a table that lays itself out once per width (CachedTable)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from gaidesk.pdf.geometry import MIN_CONDENSE, SIGNATURE_STEP
from gaidesk.pdf.linebreak import (
    Glyph,
    Line,
    Run,
    advance,
    avoid_orphan,
    break_in_pairs,
    break_lines,
    runs,
)
from gaidesk.pdf.typesetter import Layout


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

    @property
    def eff_size(self) -> float:
        """The glyph size after any shrinking to fit a narrow cell."""
        return self.size * self._scale

    def _layout(self, width: float) -> list[Line]:
        layout = self._layouts.get(width)
        if layout is None:
            scale, condense = self.fit(width)
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

    def fit(self, width: float) -> tuple[float, float]:
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
        """Lay the lines out at the width; the height is one leading a line."""
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
        """Draw each line, justified, centred or left as the paragraph asks."""
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
            self.draw_line(canvas, line.runs, x, y, size, spacing, condense)

    @staticmethod
    def draw_line(
        canvas: Canvas,
        line: Sequence[Run],
        x: float,
        y: float,
        size: float,
        spacing: float,
        condense: float = 1.0,
    ) -> None:
        """Draw a line's runs (linebreak.runs) from (x, y), emboldened where asked."""
        text = canvas.beginText()
        text.setCharSpace(spacing)
        if condense != 1.0:
            text.setHorizScale(condense * 100)
        for run in line:
            text.setTextOrigin(x, y)
            text.setFont(run.font, size)
            if run.bold:
                text.setTextRenderMode(2)
                canvas.setLineWidth(size * 0.035)
            else:
                text.setTextRenderMode(0)
            text.textOut(run.text)
            x += run.width * size * condense + spacing * run.count
        canvas.drawText(text)


class Signature(Flowable):  # type: ignore[misc]
    """The 落款 below the text: name over date, right-aligned in the 公文 way (SIGNATURE_STEP),
    after one blank line, never split from itself."""

    def __init__(self, lines: list[list[Glyph]], size: float, leading: float) -> None:
        super().__init__()
        self.lines = lines
        self.size = size
        self.leading = leading
        self.spaceBefore = leading  # one blank line

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Take the width and one leading a line."""
        self.width = availWidth
        self.height = self.leading * len(self.lines)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Never split: the 落款 goes over whole."""
        return []

    def starts(self, width: float) -> list[float]:
        """Where each line starts: the name right-spaced two characters, each later line two
        characters further right, the longest-reaching line right-spaced two characters."""
        widths = [sum(g.width for g in line) * self.size for line in self.lines]
        right = width - SIGNATURE_STEP
        first = min(right - w - n * SIGNATURE_STEP for n, w in enumerate(widths))
        return [max(0.0, first + n * SIGNATURE_STEP) for n in range(len(widths))]

    def draw(self) -> None:
        """Draw name and date at their starts."""
        ascent = 0.88 * self.size
        offset = (self.leading - self.size) / 2 + ascent
        for n, (line, x) in enumerate(zip(self.lines, self.starts(self.width), strict=True)):
            y = self.height - n * self.leading - offset
            Para.draw_line(self.canv, runs(line), x, y, self.size, 0.0)


class Ending(Flowable):  # type: ignore[misc]
    """The last paragraph and the 落款 below it. At a page foot the paragraph is split so that
    at least its last two lines go over with the 落款 (a short one goes over whole, and with it
    a heading kept with it), as a 落款 is never printed alone on a page."""

    def __init__(self, para: Para, signature: Signature) -> None:
        super().__init__()
        self.para = para
        self.signature = signature

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The paragraph, the blank line and the 落款."""
        _, text = self.para.wrap(availWidth, availHeight)
        _, sign = self.signature.wrap(availWidth, availHeight)
        self.width = availWidth
        self.height = text + self.signature.spaceBefore + sign
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """At least the paragraph's last two lines go over with the 落款."""
        lines = self.para._layout(availWidth)
        here = min(int((availHeight + 0.01) // self.para.leading), len(lines) - 2)
        if here < 2:
            return []
        return [
            self.para._part(lines[:here], availWidth),
            Ending(self.para._part(lines[here:], availWidth), self.signature),
        ]

    def draw(self) -> None:
        """Draw the paragraph above the 落款."""
        top = self.height - self.para.height
        self.para.drawOn(self.canv, 0, top)
        self.signature.drawOn(self.canv, 0, 0)


class WithHeadings(Flowable):  # type: ignore[misc]
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
        """The headings above the content, as high as both."""
        above = self._headings_height(availWidth, availHeight)
        _, height = self.content.wrap(availWidth, max(0.0, availHeight - above))
        self.width = availWidth
        self.height = above + self.content.getSpaceBefore() + height
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The headings with the part of the content that fits, or nothing."""
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
        """Draw the headings and then the content below them."""
        y = self.height
        for flowable in (*self.headings, self.content):
            y -= flowable.getSpaceBefore()
            _, height = flowable.wrap(self.width, y)
            y -= height
            flowable.drawOn(self.canv, 0, y)


class CachedTable(Table):  # type: ignore[misc]
    """A reportlab Table that lays itself out once per width.

    Table.wrap recomputes every row height (wrapping every cell) on each call, and the page
    machinery calls it several times for one table (KeepTogether measures its content, then the
    frame wraps the table where it lands). With fixed column widths the layout depends on the
    available height only through reportlab's long-table shortcut, which stops measuring rows
    once they exceed that height; so a complete layout (every row measured) that fits is exactly
    what a new wrap at the same width and any height it fits would compute."""

    _wrapped_at: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Table.wrap, skipped when a layout at this width holds for this height."""
        last = self._wrapped_at
        if last is not None and last[0] == availWidth:
            complete = getattr(self, "_hmax", -1) == self._nrows
            if last[1] == availHeight or (complete and self._height <= availHeight):
                self.availWidth = availWidth
                return self._width, self._height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = (availWidth, availHeight)
        return size
