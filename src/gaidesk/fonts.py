"""Finding the fonts for the printed report, and making sure every character can be drawn.

Each typographic role of the official layout (docs/format.md §8) has its official faces, searched
first, then documented fallbacks found on 信创 Linux desktops, then whatever the user dropped into
``<data dir>/fonts``. Faces are identified by reading the font files' own ``name`` tables (no
fc-list: it may be missing on Windows), and only TrueType-outline faces (``glyf``) that allow
embedding are used, because those are what reportlab embeds as subsets. Character coverage comes
from each face's ``cmap``. Nothing here imports reportlab; the PDF exporter registers the faces.
"""

from __future__ import annotations

import os
import re
import struct
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gaidesk.errors import ExportError

# --------------------------------------------------------------------------------------------
# Roles

TITLE = "title"
HEADING = "heading"
SUBHEADING = "subheading"
BODY = "body"
TABLE = "table"
ROLES: tuple[str, ...] = (TITLE, HEADING, SUBHEADING, BODY, TABLE)
ROLE_NAMES: dict[str, str] = {
    TITLE: "标题",
    HEADING: "一级标题",
    SUBHEADING: "二级标题",
    BODY: "正文",
    TABLE: "表格",
}

# Family names as they appear in the fonts' name tables (English and Chinese names both occur).
# After Windows' faces come the same typefaces as 信创 desktops carry them: Founder's (方正) GBK
# and 简体 faces, which come with WPS and office font packs, and the national standard faces of
# CESI (中国电子技术标准化研究院) that UOS and Kylin install.
OFFICIAL_FACES: dict[str, tuple[str, ...]] = {
    TITLE: (
        "FZXiaoBiaoSong-B05S",
        "方正小标宋简体",
        "FZXiaoBiaoSong-B05",
        "方正小标宋_GBK",
        "FZXBSJW--GB1-0",
        "方正小标宋",
        "小标宋体",
        "小标宋",
        "CESI小标宋-GB2312",
        "CESI小标宋-GB13000",
        "CESI小标宋-GB18030",
    ),
    HEADING: (
        "SimHei",
        "黑体",
        "方正黑体_GBK",
        "FZHei-B01",
        "方正黑体简体",
        "FZHei-B01S",
        "CESI黑体-GB2312",
        "CESI黑体-GB13000",
        "CESI黑体-GB18030",
    ),
    SUBHEADING: (
        "KaiTi",
        "楷体",
        "KaiTi_GB2312",
        "楷体_GB2312",
        "STKaiti",
        "华文楷体",
        "方正楷体_GBK",
        "FZKai-Z03",
        "方正楷体简体",
        "FZKai-Z03S",
        "CESI楷体-GB2312",
        "CESI楷体-GB13000",
        "CESI楷体-GB18030",
    ),
    BODY: (
        "FangSong",
        "仿宋",
        "FangSong_GB2312",
        "仿宋_GB2312",
        "STFangsong",
        "华文仿宋",
        "方正仿宋_GBK",
        "FZFangSong-Z02",
        "方正仿宋简体",
        "FZFangSong-Z02S",
        "CESI仿宋-GB2312",
        "CESI仿宋-GB13000",
        "CESI仿宋-GB18030",
    ),
    TABLE: (
        "SimSun",
        "宋体",
        "NSimSun",
        "新宋体",
        "STSong",
        "华文宋体",
        "方正书宋_GBK",
        "FZShuSong-Z01",
        "方正书宋简体",
        "FZShuSong-Z01S",
        "CESI宋体-GB2312",
        "CESI宋体-GB13000",
        "CESI宋体-GB18030",
    ),
}

# Documented fallbacks (Debian/UOS/Kylin packages fonts-arphic-uming, fonts-arphic-ukai,
# fonts-wqy-zenhei, fonts-hanazono; Noto CJK only when a TrueType build is present — the usual
# .ttc files are CFF and are skipped). The title falls back to a Song face drawn bold.
FALLBACK_FACES: dict[str, tuple[str, ...]] = {
    TITLE: (
        "AR PL UMing CN",
        "AR PL UMing TW",
        "Noto Serif CJK SC",
        "Noto Serif SC",
        "HanaMinA",
        "WenQuanYi Zen Hei",
    ),
    HEADING: (
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Noto Sans CJK SC",
        "Noto Sans SC",
        "Droid Sans Fallback",
    ),
    SUBHEADING: ("AR PL UKai CN", "AR PL UKai TW", "AR PL KaitiM GB"),
    BODY: ("AR PL UMing CN", "AR PL UMing TW", "Noto Serif CJK SC", "Noto Serif SC", "HanaMinA"),
    TABLE: ("AR PL UMing CN", "AR PL UMing TW", "Noto Serif CJK SC", "Noto Serif SC", "HanaMinA"),
}
# Faces tried, in this order, for a character the role's own face lacks (rare characters).
COVERAGE_FACES: tuple[str, ...] = (
    "SimSun",
    "SimSun-ExtB",
    "SimSun-ExtG",
    "FangSong",
    "KaiTi",
    "SimHei",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "WenQuanYi Zen Hei",
    "HanaMinA",
    "HanaMinB",
)
# Roles for which a fallback face stands in for a bold face and is drawn emboldened.
EMBOLDEN_FALLBACK: frozenset[str] = frozenset({TITLE})

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


class MissingGlyphError(ExportError):
    """A character of the report that no available font can draw."""

    def __init__(self, char: str, where: str, context: str) -> None:
        self.char = char
        self.where = where
        self.context = context
        code = f"U+{ord(char):04X}"
        super().__init__(
            f"字符“{char}”（{code}）无法打印：本机没有任何字体包含这个字。"
            f"位置：{where}，“{context}”。请改用常用字，或把包含这个字的 TrueType 字体"
            f"（.ttf/.ttc）放入字体文件夹后重试。"
        )


# --------------------------------------------------------------------------------------------
# Reading font files


class FontFileError(ValueError):
    """A file that is not a readable TrueType/OpenType font."""


@dataclass(frozen=True)
class Face:
    """One face inside a font file (a .ttc holds several)."""

    path: str
    index: int  # subfont index inside a collection, 0 for a single font
    families: tuple[str, ...]  # every family name the name table gives (all languages)
    full_names: tuple[str, ...]
    postscript: str
    truetype: bool  # has 'glyf' outlines (not CFF)
    embeddable: bool  # OS/2 fsType allows embedding as reportlab needs

    @property
    def usable(self) -> bool:
        return self.truetype and self.embeddable

    @property
    def display_name(self) -> str:
        """A readable name: the first Chinese family name if any, else the first family."""
        for name in self.families:
            if any("\u4e00" <= ch <= "\u9fff" for ch in name):
                return name
        return self.families[0] if self.families else (self.postscript or Path(self.path).stem)

    def matches(self, name: str) -> bool:
        key = _norm(name)
        return any(_norm(n) == key for n in (*self.families, *self.full_names, self.postscript))


def _norm(name: str) -> str:
    return "".join(name.split()).casefold()


def _u16(data: bytes, pos: int) -> int:
    value: int = struct.unpack_from(">H", data, pos)[0]
    return value


def _u32(data: bytes, pos: int) -> int:
    value: int = struct.unpack_from(">I", data, pos)[0]
    return value


class _FontFile:
    """Random access to the tables of one face of a font file, reading only what is needed."""

    def __init__(self, handle: _Handle, offset: int) -> None:
        self.handle = handle
        header = handle.read(offset, 12)
        tag = header[:4]
        if tag not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            raise FontFileError("not an sfnt font")
        num_tables = _u16(header, 4)
        directory = handle.read(offset + 12, 16 * num_tables)
        if len(directory) < 16 * num_tables:
            raise FontFileError("truncated table directory")
        self.tables: dict[bytes, tuple[int, int]] = {}
        for i in range(num_tables):
            entry = directory[16 * i : 16 * i + 16]
            self.tables[entry[:4]] = (_u32(entry, 8), _u32(entry, 12))

    def table(self, tag: bytes) -> bytes | None:
        if tag not in self.tables:
            return None
        start, length = self.tables[tag]
        data = self.handle.read(start, length)
        if len(data) < length:
            raise FontFileError(f"truncated table {tag!r}")
        return data


class _Handle:
    def __init__(self, path: str) -> None:
        self.file = open(path, "rb")  # noqa: SIM115 - closed by the owner

    def read(self, offset: int, size: int) -> bytes:
        self.file.seek(offset)
        return self.file.read(size)

    def close(self) -> None:
        self.file.close()


def _face_offsets(handle: _Handle) -> list[int]:
    head = handle.read(0, 12)
    if len(head) < 12:
        raise FontFileError("file too short")
    if head[:4] == b"ttcf":
        count = _u32(head, 8)
        if count == 0 or count > 1000:
            raise FontFileError("bad collection")
        raw = handle.read(12, 4 * count)
        if len(raw) < 4 * count:
            raise FontFileError("truncated collection")
        return [_u32(raw, 4 * i) for i in range(count)]
    return [0]


def _decode_name(platform: int, encoding: int, raw: bytes) -> str | None:
    try:
        if platform == 0 or (platform == 3 and encoding in (0, 1, 10)):
            return raw.decode("utf-16-be")
        if platform == 3 and encoding in (3, 4, 5):
            # Old Chinese fonts: GB2312/Big5 bytes stored in 16-bit units, high byte first.
            codec = "gbk" if encoding == 3 else "big5" if encoding == 4 else "cp949"
            packed = bytes(b for i, b in enumerate(raw) if not (i % 2 == 0 and b == 0))
            return packed.decode(codec)
        if platform == 1 and encoding == 0:
            return raw.decode("mac_roman")
        if platform == 1 and encoding == 25:
            return raw.decode("gb2312")
    except (UnicodeDecodeError, LookupError):
        return None
    return None


_LANG_ORDER = {(3, 0x0804): 0, (3, 0x1004): 1, (3, 0x0409): 2, (1, 0): 3}


def read_names(data: bytes) -> dict[int, list[str]]:
    """All decodable strings of a 'name' table, by name id, in table order, without repeats."""
    if len(data) < 6:
        raise FontFileError("short name table")
    count = _u16(data, 2)
    string_offset = _u16(data, 4)
    records = []
    for i in range(count):
        pos = 6 + 12 * i
        if pos + 12 > len(data):
            break
        records.append(struct.unpack_from(">6H", data, pos))
    # Simplified Chinese names first, then English, then the rest, for readable display names.
    records.sort(key=lambda r: _LANG_ORDER.get((r[0], r[2]), 9))
    names: dict[int, list[str]] = {}
    for platform, encoding, _lang, name_id, length, offset in records:
        start = string_offset + offset
        raw = data[start : start + length]
        if len(raw) < length:
            continue
        text = _decode_name(platform, encoding, raw)
        if text is None:
            continue
        text = text.strip("\x00 ").strip()
        if text and text not in names.setdefault(name_id, []):
            names[name_id].append(text)
    return names


def _embeddable(os2: bytes | None) -> bool:
    if os2 is None or len(os2) < 10:
        return True
    fs_type = _u16(os2, 8)
    # Restricted-licence embedding (0x0002) or no-subsetting/bitmap-only (0x0100, 0x0200) stop
    # reportlab from embedding a subset.
    return not (fs_type & 0x000F == 0x0002 or fs_type & 0x0300)


def read_faces(path: str) -> list[Face]:
    """The faces of a font file, identified from their name tables."""
    handle = _Handle(path)
    try:
        faces = []
        for index, offset in enumerate(_face_offsets(handle)):
            font = _FontFile(handle, offset)
            name_table = font.table(b"name")
            names = read_names(name_table) if name_table is not None else {}
            families = names.get(16, []) + [
                n for n in names.get(1, []) if n not in names.get(16, [])
            ]
            faces.append(
                Face(
                    path=path,
                    index=index,
                    families=tuple(families),
                    full_names=tuple(names.get(4, [])),
                    postscript=(names.get(6) or [""])[0],
                    truetype=b"glyf" in font.tables and b"loca" in font.tables,
                    embeddable=_embeddable(font.table(b"OS/2")),
                )
            )
        return faces
    finally:
        handle.close()


def _cmap_format4(data: bytes, pos: int, out: set[int]) -> None:
    seg_count = _u16(data, pos + 6) // 2
    ends = pos + 14
    starts = ends + 2 * seg_count + 2
    deltas = starts + 2 * seg_count
    range_offsets = deltas + 2 * seg_count
    for s in range(seg_count):
        end = _u16(data, ends + 2 * s)
        start = _u16(data, starts + 2 * s)
        delta = _u16(data, deltas + 2 * s)
        ro_pos = range_offsets + 2 * s
        range_offset = _u16(data, ro_pos)
        if start > end or start == 0xFFFF:
            continue
        if range_offset == 0:
            out.update(c for c in range(start, end + 1) if (c + delta) & 0xFFFF)
            continue
        for c in range(start, end + 1):
            gpos = ro_pos + range_offset + 2 * (c - start)
            if gpos + 2 <= len(data) and _u16(data, gpos) != 0:
                out.add(c)


def _cmap_format12(data: bytes, pos: int, out: set[int]) -> None:
    groups = _u32(data, pos + 12)
    for g in range(groups):
        start, end, glyph = struct.unpack_from(">3I", data, pos + 16 + 12 * g)
        if glyph == 0:
            start += 1
        out.update(range(start, min(end, 0x10FFFF) + 1))


def read_coverage(path: str, index: int) -> frozenset[int]:
    """The code points a face maps to a real glyph, from its best Unicode cmap subtable."""
    handle = _Handle(path)
    try:
        offsets = _face_offsets(handle)
        font = _FontFile(handle, offsets[index])
        data = font.table(b"cmap")
    finally:
        handle.close()
    if data is None:
        return frozenset()
    subtables: dict[tuple[int, int], int] = {}
    for i in range(_u16(data, 2)):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
        subtables[(platform, encoding)] = offset
    out: set[int] = set()
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key not in subtables:
            continue
        pos = subtables[key]
        fmt = _u16(data, pos)
        if fmt == 12:
            _cmap_format12(data, pos, out)
        elif fmt == 4:
            _cmap_format4(data, pos, out)
        else:
            continue
        break
    return frozenset(out)


# --------------------------------------------------------------------------------------------
# Where fonts live


def user_font_dirs(given: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The folders of the user's own fonts: those the caller gives (the data folder's ``fonts``
    of ``--data-dir``), or else the default data folder's (``paths.fonts_dir``)."""
    from gaidesk.paths import fonts_dir

    return [Path(d) for d in given] or [fonts_dir()]


def system_font_dirs() -> list[Path]:
    """The operating system's and the user's font folders, official ones first."""
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/Library/Fonts")]
        dirs.append(Path.home() / "Library" / "Fonts")
    else:
        data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
        for base in data_dirs.split(":"):
            if base:
                dirs.append(Path(base) / "fonts")
        for fixed in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):
            if fixed not in dirs:
                dirs.append(fixed)
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        dirs.append(Path(data_home) / "fonts")
        dirs.append(Path.home() / ".fonts")
        # Folders the system registers with fontconfig outside those (fonts of office suites
        # and vendors on UOS and Kylin), and WPS Office's own folder: WPS is the office suite
        # UOS and Kylin ship, and keeps the (often Founder) fonts it brings there.
        for extra in [*fontconfig_dirs(), Path("/opt/kingsoft/wps-office/office6/fonts")]:
            if extra not in dirs:
                dirs.append(extra)
    return dirs


_FONTCONFIG_DIR = re.compile(r"<dir\b([^>]*)>\s*([^<]+?)\s*</dir>")


def fontconfig_dirs(config: Path = Path("/etc/fonts")) -> list[Path]:
    """The font folders fontconfig's configuration names (``<dir>`` in fonts.conf, local.conf
    and conf.d/*.conf), absolute and ``~``/xdg ones resolved, in the order read."""
    files = [config / "fonts.conf", config / "local.conf", *sorted(config.glob("conf.d/*.conf"))]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    found: list[Path] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for attributes, value in _FONTCONFIG_DIR.findall(text):
            if 'prefix="xdg"' in attributes:
                folder = data_home / value
            elif value.startswith("~"):
                folder = Path(value).expanduser()
            elif value.startswith("/"):
                folder = Path(value)
            else:
                continue  # relative to the config file: not used by any system we know
            if folder not in found:
                found.append(folder)
    return found


def font_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Every folder searched: the user's fonts folders (``extra``, or the default data
    folder's: see user_font_dirs), then the system's."""
    seen: list[Path] = []
    for d in [*user_font_dirs(extra), *system_font_dirs()]:
        if d not in seen:
            seen.append(d)
    return seen


def _walk(folder: Path) -> Iterator[str]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in sorted(entries, key=lambda e: e.name):
        try:
            if entry.is_dir():
                yield from _walk(Path(entry.path))
            elif entry.name.lower().endswith(FONT_SUFFIXES):
                yield entry.path
        except OSError:
            continue


# Per-process caches: faces by (path, size, mtime), coverage by (path, index, size, mtime).
_FileKey = tuple[str, int, int]
_FACE_CACHE: dict[_FileKey, tuple[Face, ...]] = {}
_COVERAGE_CACHE: dict[tuple[str, int, int, int], frozenset[int]] = {}


def _stat_key(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _font_files(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> list[_FileKey]:
    """Every font file of the font folders, once each, as (real path, size, mtime): the state
    that the faces and the choice of faces depend on."""
    files: list[_FileKey] = []
    seen: set[str] = set()
    for folder in font_dirs(extra_dirs):
        for path in _walk(folder):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            stat = _stat_key(real)
            if stat is not None:
                files.append((real, *stat))
    return files


def _faces_of(files: Sequence[_FileKey]) -> list[Face]:
    faces: list[Face] = []
    for key in files:
        if key not in _FACE_CACHE:
            try:
                _FACE_CACHE[key] = tuple(read_faces(key[0]))
            except (OSError, FontFileError, struct.error):
                _FACE_CACHE[key] = ()
        faces.extend(_FACE_CACHE[key])
    return faces


def scan(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> list[Face]:
    """Every face found in the font folders (cached per file, so later calls are cheap)."""
    return _faces_of(_font_files(extra_dirs))


def coverage(face: Face) -> frozenset[int]:
    stat = _stat_key(face.path) or (0, 0)
    key = (face.path, face.index, *stat)
    if key not in _COVERAGE_CACHE:
        try:
            _COVERAGE_CACHE[key] = read_coverage(face.path, face.index)
        except (OSError, FontFileError, struct.error):
            _COVERAGE_CACHE[key] = frozenset()
    return _COVERAGE_CACHE[key]


# --------------------------------------------------------------------------------------------
# Choosing faces for the roles


@dataclass(frozen=True)
class RoleFont:
    role: str
    face: Face
    official: bool  # one of the official faces of the role
    user: bool  # found in the user's fonts folder
    embolden: bool  # a fallback drawn bold to stand in for a bold face

    def describe(self) -> str:
        how = "规范字体" if self.official else "替代字体"
        extra = "，加粗显示" if self.embolden else ""
        where = "，来自字体文件夹" if self.user else ""
        return f"{self.face.display_name}（{how}{extra}{where}）"


@dataclass
class FontSet:
    """The faces chosen for the five roles, and the faces that stand in for missing glyphs."""

    roles: dict[str, RoleFont]
    coverage_faces: list[Face]  # every usable face, in the order tried for a missing character
    _missing_cache: dict[tuple[str, str], Face | None] = field(default_factory=dict)
    # Coverage of the faces, read once for this set (its files were current when it was made).
    _coverage: dict[Face, frozenset[int]] = field(default_factory=dict)

    def describe(self) -> dict[str, str]:
        return {role: rf.describe() for role, rf in self.roles.items()}

    def coverage(self, face: Face) -> frozenset[int]:
        cov = self._coverage.get(face)
        if cov is None:
            cov = self._coverage[face] = coverage(face)
        return cov

    def has(self, face: Face, char: str) -> bool:
        return ord(char) in self.coverage(face)

    def face_for(self, role: str, char: str) -> Face | None:
        """The face that draws a character in a role: the role's own, else the first that has
        it, else None."""
        own = self.roles[role].face
        code = ord(char)
        if code in self.coverage(own):
            return own
        key = (role, char)
        if key not in self._missing_cache:
            found = None
            for face in self.coverage_faces:
                if code in self.coverage(face):
                    found = face
                    break
            self._missing_cache[key] = found
        return self._missing_cache[key]

    def runs(self, role: str, text: str) -> list[tuple[str, Face]]:
        """Split text into runs each drawn with one face (the role's own where it can)."""
        out: list[tuple[str, Face]] = []
        own = self.roles[role].face
        own_cov = self.coverage(own)
        for ch in text:
            face = own if ord(ch) in own_cov else (self.face_for(role, ch) or own)
            if out and out[-1][1] == face:
                out[-1] = (out[-1][0] + ch, face)
            else:
                out.append((ch, face))
        return out


class NoFontError(ExportError):
    """No usable Chinese face at all for a role."""


def _pick(faces: Sequence[Face], names: Sequence[str]) -> Face | None:
    for name in names:
        for face in faces:
            if face.usable and face.matches(name):
                return face
    return None


# The last choices, by everything they depend on: the folders searched, the state (path, size,
# mtime) of every font file in them and the name lists. A font dropped into a folder, removed or
# replaced makes a new key; an unchanged machine gets the same FontSet without reading anything.
_CHOICE_CACHE: dict[tuple[object, ...], FontSet] = {}


def choose(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> FontSet:
    """Choose a face for every role: official faces, then fallbacks; the user's folder wins
    among equals because it is searched first. Cached per process while the font folders and
    their files stay the same."""
    extra = list(extra_dirs)
    files = _font_files(extra)
    user_dirs = [str(d) for d in user_font_dirs(extra)]
    key = (
        tuple(user_dirs),
        tuple(files),
        tuple(OFFICIAL_FACES.items()),
        tuple(FALLBACK_FACES.items()),
        COVERAGE_FACES,
        EMBOLDEN_FALLBACK,
    )
    cached = _CHOICE_CACHE.get(key)
    if cached is None:
        cached = _choose(_faces_of(files), user_dirs)
        if len(_CHOICE_CACHE) >= 8:
            _CHOICE_CACHE.clear()
        _CHOICE_CACHE[key] = cached
    return cached


def _choose(faces: Sequence[Face], user_dirs: Sequence[str]) -> FontSet:
    def from_user(face: Face) -> bool:
        return any(face.path.startswith(os.path.realpath(d) + os.sep) for d in user_dirs)

    roles: dict[str, RoleFont] = {}
    for role in ROLES:
        face = _pick(faces, OFFICIAL_FACES[role])
        official = face is not None
        if face is None:
            face = _pick(faces, FALLBACK_FACES[role])
        if face is None:
            face = _pick_any_cjk(faces)
        if face is None:
            raise NoFontError(
                f"找不到可用于“{ROLE_NAMES[role]}”的中文字体。请安装宋体、黑体、楷体、仿宋等"
                f"TrueType 字体，或把字体文件（.ttf/.ttc）放入字体文件夹：{user_dirs[0]}"
            )
        roles[role] = RoleFont(
            role,
            face,
            official=official,
            user=from_user(face),
            embolden=not official and role in EMBOLDEN_FALLBACK,
        )
    usable = [f for f in faces if f.usable]
    ordered: list[Face] = []
    for face in (
        *(rf.face for rf in roles.values()),
        *(f for f in usable if from_user(f)),
        *(f for name in COVERAGE_FACES for f in usable if f.matches(name)),
        *usable,
    ):
        if face not in ordered:
            ordered.append(face)
    return FontSet(roles, ordered)


def _pick_any_cjk(faces: Sequence[Face]) -> Face | None:
    for face in faces:
        if face.usable and ord("国") in coverage(face) and ord("一") in coverage(face):
            return face
    return None


# --------------------------------------------------------------------------------------------
# Checking a text before export

_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def printable(text: str) -> str:
    """The text as it is printed: control and format characters (zero-width, direction marks,
    variation selectors) are invisible and dropped; tabs become spaces."""
    if text.isprintable() and not _VARIATION_SELECTORS.search(text):
        # No control, format or line/paragraph separator character (isprintable is False for
        # each of them, and for tabs and newlines): nothing to drop or replace.
        return text
    text = text.replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n"
        or (
            unicodedata.category(ch) not in _IGNORED_CATEGORIES
            and not ("\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef")
        )
    )


def check_text(fonts: FontSet, role: str, text: str, where: str) -> None:
    """Raise MissingGlyphError for the first character no available face can draw."""
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        if fonts.face_for(role, ch) is None:
            start = max(0, i - 6)
            context = text[start : i + 7].replace("\n", " ")
            raise MissingGlyphError(ch, where, context)
