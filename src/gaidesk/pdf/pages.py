"""The pages: the A4 document with its one text frame, the 「草稿」 watermark under a draft's text,
the page numbers 「— n —」 over it, and the export time as the PDF's dates."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from gaidesk.fonts import HEADING, TABLE
from gaidesk.pdf.faces import font_name
from gaidesk.pdf.flowables import Para
from gaidesk.pdf.geometry import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    WATERMARK,
)
from gaidesk.pdf.linebreak import runs
from gaidesk.pdf.story import Builder


class Document(BaseDocTemplate):  # type: ignore[misc]
    """The A4 document of one export: one text frame a page, the watermark of a draft drawn
    under the text and the page number over it, the builder's faces for both."""

    def __init__(self, buffer: io.BytesIO, builder: Builder, draft: bool, **kw: Any) -> None:
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
        canvas.setFont(font_name(face), 160)
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
        Para.draw_line(canvas, runs(glyphs), x, y, PAGE_NUMBER_SIZE, 0.0)
        canvas.restoreState()


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
