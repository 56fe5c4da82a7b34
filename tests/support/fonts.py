"""Font files and scanned faces made up for the tests: no real font is read."""

from __future__ import annotations

import struct

from gaidesk.fonts import Face


def name_table(records: list[tuple[int, int, int, int, bytes]]) -> bytes:
    """A 'name' table (format 0) holding the given (platform, encoding, language, id, bytes)."""
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    directory = b""
    strings = b""
    for platform, encoding, language, name_id, raw in records:
        directory += struct.pack(
            ">6H", platform, encoding, language, name_id, len(raw), len(strings)
        )
        strings += raw
    return header + directory + strings


def fake_face(*families: str, family_class: int = 0) -> Face:
    """A face as the font scan lists it, named ``families``, for a file that is not there."""
    return Face(
        path=f"/fonts/{families[0]}.ttf",
        index=0,
        families=families,
        full_names=(),
        postscript="",
        truetype=True,
        embeddable=True,
        family_class=family_class,
    )
