"""The style class of a Chinese face (宋/明, 仿宋, 楷, 黑), and the classes each role prefers for a
character its own face lacks.

A stand-in glyph should look like its neighbours: a rare character in 仿宋 body text drawn from a
Ming face (HanaMinA, AR PL UMing) reads as part of the line; drawn from a 黑体 it stands out. The
class comes from the face's names (family, full and PostScript names in every language the name
table gives): a face of KNOWN_FACES has its listed class, any other face the class of the first
STYLE_WORDS entry one of its names contains; failing both, the OS/2 table's IBM family class.
Every official face of a role has the role's class (a test holds the data to it). PANOSE is not
used: Chinese faces fill it carelessly (AR PL UMing, a Ming face, declares a sans-serif PANOSE).
"""

from __future__ import annotations

import enum
import functools

from gaidesk.fonts.roles import BODY, HEADING, SUBHEADING, TABLE, TITLE
from gaidesk.fonts.sfnt import Face


class Style(enum.StrEnum):
    """A style class of Chinese type; its value is the Chinese word for it."""

    SONG = "宋体"  # Song and Ming (明朝) faces, 小标宋 among them
    FANGSONG = "仿宋"
    KAI = "楷体"
    HEI = "黑体"  # Hei, Gothic and other sans-serif faces


# Faces whose names hold none of the words below, mostly faces made for rare characters.
KNOWN_FACES: dict[str, Style] = {
    "FZXBSJW--GB1-0": Style.SONG,  # Founder's 小标宋 by its PostScript name
    "HanaMinA": Style.SONG,  # 花園明朝 (fonts-hanazono)
    "HanaMinB": Style.SONG,
    "Jigmo": Style.SONG,  # 字雲, Hanazono's successor
    "Jigmo2": Style.SONG,
    "Jigmo3": Style.SONG,
    "Sun-ExtA": Style.SONG,
    "Sun-ExtB": Style.SONG,
    "BabelStone Han": Style.SONG,
    "TH-Tshyn-P0": Style.SONG,  # 天珩全字库
    "TH-Tshyn-P1": Style.SONG,
    "TH-Tshyn-P2": Style.SONG,
    "Plangothic P1": Style.HEI,  # 遍黑体
    "Plangothic P2": Style.HEI,
}

# Words in a face's names (compared case-insensitively, spaces ignored) that tell its class,
# tried in this order: 仿宋 before 宋 (a 仿宋 face is not a Song face), the sans words before 楷
# (Kaigen Gothic is a sans face), Song last.
STYLE_WORDS: tuple[tuple[Style, tuple[str, ...]], ...] = (
    (Style.FANGSONG, ("仿宋", "fangsong")),
    (Style.HEI, ("黑", "hei", "gothic", "sans", "dengxian", "等线")),
    (Style.KAI, ("楷", "kai")),
    (Style.SONG, ("宋", "song", "simsun", "明", "ming", "mincho", "serif")),
)

# OS/2 sFamilyClass (its high byte, the IBM class) for faces whose names say nothing: 1-5 and 7
# are serif classes, 8 sans serif.
FAMILY_CLASS_STYLES: dict[int, Style] = {
    1: Style.SONG,
    2: Style.SONG,
    3: Style.SONG,
    4: Style.SONG,
    5: Style.SONG,
    7: Style.SONG,
    8: Style.HEI,
}

# The class of each role's official faces, then the classes that stand in best for it.
ROLE_STYLES: dict[str, tuple[Style, ...]] = {
    TITLE: (Style.SONG, Style.FANGSONG, Style.KAI),
    HEADING: (Style.HEI,),
    SUBHEADING: (Style.KAI, Style.FANGSONG, Style.SONG),
    BODY: (Style.FANGSONG, Style.SONG, Style.KAI),
    TABLE: (Style.SONG, Style.FANGSONG, Style.KAI),
}


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


@functools.cache  # the data above is fixed; a face's names and OS/2 class are too
def style_of(face: Face) -> Style | None:
    """The face's style class, or None when neither its names nor its OS/2 table tell."""
    for name, style in KNOWN_FACES.items():
        if face.matches(name):
            return style
    names = [_key(n) for n in (*face.families, *face.full_names, face.postscript) if n]
    for style, words in STYLE_WORDS:
        if any(word in name for word in words for name in names):
            return style
    return FAMILY_CLASS_STYLES.get(face.family_class >> 8)


def style_rank(role: str, face: Face) -> int:
    """How well a face's class suits a role, lower is better: the role's preferred classes in
    their order, then a face of unknown class, then a face of another class."""
    preferred = ROLE_STYLES[role]
    style = style_of(face)
    if style in preferred:
        return preferred.index(style)
    return len(preferred) + (0 if style is None else 1)
