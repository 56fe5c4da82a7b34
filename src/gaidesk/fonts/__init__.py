"""Finding the fonts for the printed report, and making sure every character can be drawn.

Each typographic role of the official layout (docs/format.md §8) has its official faces, searched
first, then documented fallbacks found on 信创 Linux desktops, then whatever the user dropped into
``<data dir>/fonts``. Faces are identified by reading the font files' own ``name`` tables (no
fc-list: it may be missing on Windows), and only TrueType-outline faces (``glyf``) that allow
embedding are used, because those are what reportlab embeds as subsets. Character coverage comes
from each face's ``cmap``; a character a role's face lacks is drawn from a face of the same style
class (宋/明, 仿宋, 楷, 黑: ``styles``) where one has it. Nothing here imports reportlab; the PDF
exporter registers the faces.
"""

from gaidesk.fonts.choice import (
    FontSet,
    NoFontError,
    RoleFont,
    check_text,
    choose,
    printable,
    substitutes_note,
)
from gaidesk.fonts.folders import (
    coverage,
    font_dirs,
    fontconfig_dirs,
    scan,
    system_font_dirs,
    user_font_dirs,
)
from gaidesk.fonts.roles import (
    BODY,
    COVERAGE_FACES,
    EMBOLDEN_FALLBACK,
    FALLBACK_FACES,
    FONT_SUFFIXES,
    HEADING,
    OFFICIAL_FACES,
    ROLE_NAMES,
    ROLES,
    SUBHEADING,
    TABLE,
    TITLE,
    MissingGlyphError,
    Role,
)
from gaidesk.fonts.sfnt import Face, FontFileError, read_coverage, read_faces, read_names
from gaidesk.fonts.styles import KNOWN_FACES, ROLE_STYLES, STYLE_WORDS, Style, style_of, style_rank

__all__ = [
    "BODY",
    "COVERAGE_FACES",
    "EMBOLDEN_FALLBACK",
    "FALLBACK_FACES",
    "FONT_SUFFIXES",
    "HEADING",
    "KNOWN_FACES",
    "OFFICIAL_FACES",
    "ROLES",
    "ROLE_NAMES",
    "ROLE_STYLES",
    "STYLE_WORDS",
    "SUBHEADING",
    "TABLE",
    "TITLE",
    "Face",
    "FontFileError",
    "FontSet",
    "MissingGlyphError",
    "NoFontError",
    "Role",
    "RoleFont",
    "Style",
    "check_text",
    "choose",
    "coverage",
    "font_dirs",
    "fontconfig_dirs",
    "printable",
    "read_coverage",
    "read_faces",
    "read_names",
    "scan",
    "style_of",
    "style_rank",
    "substitutes_note",
    "system_font_dirs",
    "user_font_dirs",
]
