"""The faces of a FontSet registered with reportlab, once per process.

Each face becomes a UnicodeTTFont (tounicode) under a name derived from its file; reportlab
embeds the subsets a document uses. The glyphs of its subsets are sliced out of the font data in
place instead of from a copy of the whole 'glyf' table (SLICED_GLYF), and each subset's font
program is kept with its compressed form for the next export that embeds the same characters
(KeptSubsets).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics

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
        KeptSubsets.attach(font.face)
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


class _Subset:
    """One subset's font program and, once a document has compressed it, its Flate form."""

    __slots__ = ("compressed", "program")

    def __init__(self, program: bytes) -> None:
        self.program = program
        self.compressed: bytes | None = None


class _KeptFlate:
    """reportlab's Flate filter for one embedded subset that compresses its program once."""

    pdfname = pdfdoc.PDFZCompress.pdfname

    def __init__(self, subset: _Subset) -> None:
        self.subset = subset

    def encode(self, content: Any) -> bytes:
        """The compressed program, kept from an earlier export of the same subset."""
        subset = self.subset
        if content is not subset.program:  # someone changed the stream: compress what it holds
            return bytes(pdfdoc.PDFZCompress.encode(content))
        if subset.compressed is None:
            subset.compressed = bytes(pdfdoc.PDFZCompress.encode(content))
        return subset.compressed

    def decode(self, encoded: bytes) -> bytes:
        """Flate decoding, as reportlab's filter does it."""
        return bytes(pdfdoc.PDFZCompress.decode(encoded))


class KeptSubsets:
    """A reportlab TrueType face's embedded subsets kept by their characters.

    Every export embeds the subsets of the characters it printed (up to 256 each, in the order
    first printed): reportlab builds each one's font program from the face (a few ms for a
    Chinese face) and the document compresses it (zlib, about 3 ms for 100 KB), the largest part
    of an export. Both are functions of the face's data, which reportlab reads once when the
    face is registered (_REGISTERED, by file), and of the subset's characters: the same
    characters give the same bytes. The most recent LIMIT subsets of a face are kept, so that a
    report exported again, or edited in one paragraph, reuses most of them."""

    LIMIT = 16

    def __init__(self, face: Any) -> None:
        self._kept: OrderedDict[tuple[int, ...], _Subset] = OrderedDict()
        self._make = face.makeSubset
        self._add = face.addSubsetObjects

    @classmethod
    def attach(cls, face: Any) -> None:
        """Make a reportlab TrueType face keep its subsets (another reportlab release, whose
        face lacks these methods, keeps its own way)."""
        if not (hasattr(face, "makeSubset") and hasattr(face, "addSubsetObjects")):
            return
        kept = cls(face)
        face.makeSubset = kept.program
        face.addSubsetObjects = kept.add_objects

    def _subset(self, characters: Any) -> _Subset:
        key = tuple(characters)
        found = self._kept.pop(key, None) or _Subset(self._make(list(key)))
        self._kept[key] = found  # the most recent last
        while len(self._kept) > self.LIMIT:
            self._kept.popitem(last=False)
        return found

    def program(self, characters: Any) -> bytes:
        """The font program of the subset of these characters (reportlab's makeSubset)."""
        return self._subset(characters).program

    def add_objects(self, doc: Any, fontname: str, characters: Any) -> Any:
        """reportlab's addSubsetObjects, the font program compressed once for all exports."""
        descriptor = self._add(doc, fontname, characters)
        program_ref = doc.idToObject[descriptor.name].dict.get("FontFile2")
        stream = doc.idToObject.get(getattr(program_ref, "name", None))
        subset = self._kept.get(tuple(characters))
        if (
            isinstance(stream, pdfdoc.PDFStream)
            and subset is not None
            and stream.content is subset.program
            and stream.filters == [pdfdoc.PDFZCompress]
        ):
            stream.filters = [_KeptFlate(subset)]
        return descriptor
