"""Reading TrueType/OpenType files ourselves (no fc-list: it may be missing on Windows): the
faces of a file from its ``name`` tables, whether they may be embedded, and the characters each
covers from its ``cmap``. Nothing here imports reportlab."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path


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
    family_class: int = 0  # OS/2 sFamilyClass: IBM class in the high byte, subclass in the low

    @property
    def usable(self) -> bool:
        """Whether reportlab can embed the face: TrueType outlines and embedding allowed."""
        return self.truetype and self.embeddable

    @property
    def display_name(self) -> str:
        """A readable name: the first Chinese family name if any, else the first family."""
        for name in self.families:
            if any("\u4e00" <= ch <= "\u9fff" for ch in name):
                return name
        return self.families[0] if self.families else (self.postscript or Path(self.path).stem)

    def matches(self, name: str) -> bool:
        """Whether a family, full or PostScript name names this face (case and space blind)."""
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


def _family_class(os2: bytes | None) -> int:
    return 0 if os2 is None or len(os2) < 32 else _u16(os2, 30)


def read_faces(path: str) -> list[Face]:
    """The faces of a font file, identified from their name tables."""
    handle = _Handle(path)
    try:
        faces = []
        for index, offset in enumerate(_face_offsets(handle)):
            font = _FontFile(handle, offset)
            name_table = font.table(b"name")
            os2 = font.table(b"OS/2")
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
                    embeddable=_embeddable(os2),
                    family_class=_family_class(os2),
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
