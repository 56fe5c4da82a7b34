"""The faces of a FontSet registered with reportlab, once per process.

Each face becomes a UnicodeTTFont (tounicode) under a name derived from its file; reportlab
embeds the subsets a document uses. The glyphs of its subsets are sliced out of the font data in
place instead of from a copy of the whole 'glyf' table (SLICED_GLYF).
"""

from __future__ import annotations

import hashlib
from typing import Any

from reportlab.pdfbase import pdfmetrics

from gaidesk.errors import ExportError
from gaidesk.fonts import Face
from gaidesk.pdf.tounicode import UnicodeTTFont

_REGISTERED: dict[tuple[str, int], str] = {}


def font_name(face: Face) -> str:
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
            read_glyf_by_slices(font.face)
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


def read_glyf_by_slices(face: Any) -> None:
    """Make a reportlab TrueType face hand out its 'glyf' table as slices of the font data."""
    if not (hasattr(face, "_ttf_data") and hasattr(face, "get_table_pos")):
        return  # another reportlab release: keep its own (slower, equally correct) reading
    plain = face.get_table

    def get_table(tag: str) -> Any:
        if tag == "glyf":
            start, length = face.get_table_pos(tag)
            return _TableSlices(face._ttf_data, start, length)
        return plain(tag)

    face.get_table = get_table
