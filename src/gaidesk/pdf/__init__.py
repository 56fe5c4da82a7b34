"""The printed report: a PDF laid out like the official format (docs/format.md §8).

A4 portrait with the 公文 conventions of GB/T 9704: text block 156 × 225 mm (37 mm from the top,
28 mm from the left) of 22 lines × 28 characters, title 22 pt 小标宋, headings 16 pt 黑体,
sub-headings 16 pt 楷体 on their own lines, body 16 pt 仿宋 with a two-character first-line indent,
a heading kept with the first two lines of its paragraph, paragraphs split without widows or
orphans, the three tables in 宋体 with every label and merge of the format, page numbers
「— n —」. Chinese text is set by gaidesk's own line breaker (linebreak: no closing punctuation at
a line start, no opening one at a line end, numbers and Latin words kept whole, justified lines),
so that the result does not depend on reportlab's CJK wrapping.
A character that the role's face lacks is drawn with another face that has it;
one no face has stops the export before anything is written (fonts.MissingGlyphError).

The modules, each on top of the ones before it:

- geometry: the page, the text block, sizes and pitches;
- linebreak: the Chinese line breaker, without reportlab;
- tounicode: reportlab's TrueType font with a ToUnicode map right beyond U+FFFF;
- faces: registering the faces of a FontSet with reportlab;
- typesetter: text in roles turned into glyphs with the face that draws each character;
- flowables: paragraphs, the 落款, headings kept with what follows, tables;
- pieces: every printed piece of text with its role and place, checked before export;
- story: the report as flowables, from gaidesk.outline and the format's tables;
- pages: the document with its frame, watermark, page numbers and dates;
- export: rendering to bytes and writing the file (PdfResult).

Nothing imports this package (and with it reportlab) before the clerk exports or prints.
"""

from __future__ import annotations

from gaidesk.fonts import MissingGlyphError
from gaidesk.pdf.export import PdfResult, export_pdf, render_pdf_bytes
from gaidesk.pdf.pieces import check_characters

__all__ = [
    "MissingGlyphError",
    "PdfResult",
    "check_characters",
    "export_pdf",
    "render_pdf_bytes",
]
