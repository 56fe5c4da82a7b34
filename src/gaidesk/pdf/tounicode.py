"""reportlab's TrueType font with a ToUnicode map that gives every character back.

A PDF reader copies and extracts text through each font's ToUnicode CMap, whose destinations are
UTF-16BE. reportlab (4.2 to 5.1 at least) writes each destination as the code point in four hex
digits (``%04X``): right for the Basic Multilingual Plane, wrong beyond it, where 𠀾 U+2003E
becomes ``<2003E>``, which readers take as the bytes 20 03 E0 — an em space (U+2003) and junk.
The text copied from the PDF into a county website's editor then loses the character.

UnicodeTTFont writes those destinations as surrogate pairs (U+2003E → ``<D840DC3E>``) in the
CMap streams of its own subsets, after reportlab has made them. A subset without such a character
keeps reportlab's bytes unchanged. Used by gaidesk.pdf.faces, which registers the faces.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["UnicodeTTFont", "astral_cmap_fixed"]

# The name reportlab gives each subset's ToUnicode stream in the document (ttfonts.addObjects).
_CMAP_PREFIX = "toUnicodeCMap:"
# One bfchar entry whose destination is a code point beyond U+FFFF written as plain hex.
_ASTRAL_ENTRY = re.compile(r"^(<[0-9A-Fa-f]+>) <([0-9A-Fa-f]{5,6})>$", re.MULTILINE)


def _utf16_entry(match: re.Match[str]) -> str:
    destination = chr(int(match[2], 16)).encode("utf-16-be").hex().upper()
    return f"{match[1]} <{destination}>"


def astral_cmap_fixed(cmap: str) -> str:
    """A ToUnicode CMap with every destination beyond the Basic Multilingual Plane written in
    UTF-16BE (a surrogate pair); entries within it are left as they are."""
    return _ASTRAL_ENTRY.sub(_utf16_entry, cmap)


class UnicodeTTFont(TTFont):  # type: ignore[misc]
    """A TTFont whose subsets' ToUnicode CMaps map characters beyond U+FFFF correctly."""

    def addObjects(self, doc: Any) -> None:
        """Add the subsets as reportlab does, then rewrite their ToUnicode maps."""
        named = doc.idToObject
        before = set(named)
        super().addObjects(doc)
        for name in set(named) - before:
            if not name.startswith(_CMAP_PREFIX):
                continue
            stream = named[name]
            content = getattr(stream, "content", None)
            if isinstance(content, str):
                stream.content = astral_cmap_fixed(content)
