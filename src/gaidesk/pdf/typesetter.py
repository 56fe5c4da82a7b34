"""Text in roles turned into glyphs: each character with the face of its role that can draw it,
or a substitute face, noted for the clerk; and what the exporter keeps between exports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from reportlab.pdfbase import pdfmetrics

from gaidesk.fonts import FontSet
from gaidesk.pdf.faces import font_name
from gaidesk.pdf.linebreak import Glyph, Line

# A paragraph's lines at a width, with the scale of its size and its horizontal condensing.
Layout = tuple[list[Line], float, float]


K = TypeVar("K")
V = TypeVar("V")


class Recent(dict[K, V]):
    """A dict that forgets its oldest entries beyond a limit: what the last exports used."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        while len(self) > self.limit:
            del self[next(iter(self))]


class Shared:
    """What the exporter derives from one FontSet and no report changes, kept for the process
    (fonts.choose returns the same FontSet while the font folders stay the same): the glyph of
    each character in each role, the line layouts of the format's fixed texts (table labels,
    section headings) by size and width, and those of the last export's report texts."""

    def __init__(self, fontset: FontSet) -> None:
        self.fontset = fontset
        # (role, char) -> the glyph, and the face's name when another face than the role's own
        # draws it (a substitute).
        self.glyphs: dict[tuple[str, str], tuple[Glyph, str | None]] = {}
        self.layouts: dict[tuple[object, ...], dict[float, Layout]] = {}
        # The line layouts of the last export's own texts (paragraphs, numbers) by the same key,
        # for the next export of the same report (story.Builder.para).
        self.report_layouts: dict[tuple[object, ...], dict[float, Layout]] = {}
        # A one-page table's height by (table, size) while every number takes one line
        # (story.Builder._one_page_height).
        self.one_page_heights: dict[tuple[str, float, int], float] = {}
        # Whether every number of a one-page table takes one line, by (table, size, its numbers'
        # texts); the last few reports' (story.Builder._one_page_height).
        self.one_line_numbers: Recent[tuple[str, float, tuple[str, ...]], bool] = Recent(8)
        # Characters known to be drawable, by role (check_characters).
        self.drawable: dict[str, set[str]] = {}


_SHARED: Shared | None = None


def shared_for(fontset: FontSet) -> Shared:
    """What is kept for this font set; a fresh Shared when the font set changed."""
    global _SHARED
    if _SHARED is None or _SHARED.fontset is not fontset:
        _SHARED = Shared(fontset)
    return _SHARED


class Typesetter:
    """Turns (text, role) pieces into glyphs with the face that can draw each character."""

    def __init__(self, fontset: FontSet) -> None:
        self.fontset = fontset
        self.substitutes: dict[str, str] = {}  # face -> the characters it drew
        self.shared = shared_for(fontset)

    def glyphs(self, pieces: Iterable[tuple[str, str]]) -> list[Glyph]:
        """The glyphs of the pieces, each drawn by its role's face or by a substitute (noted)."""
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
        name = font_name(face)
        own = face == own_face
        glyph = Glyph(ch, name, pdfmetrics.stringWidth(ch, name, 1.0), role_font.embolden and own)
        return glyph, (face.display_name if not own and not ch.isspace() else None)
