"""A smaller ICU data library for the frozen Linux gaidesk.

PySide6's Linux wheels carry ICU (libicuuc, libicui18n, libicudata); libQt6Core links all three,
so they cannot be left out. libicudata is nothing but one exported array, ``icudtNN_dat``, holding
ICU's "common data" package (about 32 MB in ICU 73): locale data for some 800 locales, collation
tables, code page converters, transliterators, word-break dictionaries. Qt uses ICU for
collation (QCollator: file dialogs' natural sort), code pages beyond UTF-8/Latin-1
(QStringDecoder("GBK")), locale-aware case mapping and time-zone names, each for the program's
locale: zh_CN for the clerk, en/C on a build machine.

``shrink_library`` writes a libicudata with the same soname and symbol whose package keeps

- everything that is not specific to a locale (Unicode properties, normalisation, time zones,
  likely subtags, plural and calendar rules, the collation root table, break rules, names);
- for each locale tree (main, coll, zone, curr, lang, region, unit, rbnf, brkitr) the root, the
  shared string pool, the index and the Chinese (zh*) and English (en*) locales; any other locale
  falls back to the root, as ICU does for a locale it does not know;
- single-byte code pages and the Chinese multi-byte ones (GB18030, GBK, GB2312, Big5);

and leaves out transliterators and the word-break dictionaries (Thai, Lao, Khmer, Burmese,
Chinese/Japanese word segmentation: Qt breaks lines with its own Unicode tables). That is about
25 MB less. Plain Python except for ``as`` and ``ld`` (binutils) to link the new library; no
PyInstaller import, so tests/project/test_packaging.py can load it.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from pathlib import Path

# Locale trees: items named <tree>/<locale>.res (the main tree has no folder).
LOCALE_TREES: frozenset[str] = frozenset(
    {"", "brkitr", "coll", "curr", "lang", "rbnf", "region", "unit", "zone"}
)
# Languages whose locale data stays: the clerk's Chinese, and English (C/POSIX maps to en_US_POSIX);
# Cantonese too, as zh_Hant_HK's number spell-out rules inherit from yue.
LANGUAGES_KEPT: frozenset[str] = frozenset({"zh", "en", "yue"})
# Every tree's root, shared string pool and index of installed locales.
TREE_FILES_KEPT: frozenset[str] = frozenset({"root", "pool", "res_index"})
# A locale ID: language (2-3 lower-case letters), then script, region, variants (old-style
# collation aliases such as "de_" and "de__PHONEBOOK" have empty parts).
_LOCALE = re.compile(r"^([a-z]{2,3})(?:_[A-Za-z0-9]*)*$")
# Multi-byte code pages kept (single-byte ones all stay): the Chinese mainland's GB18030, GBK
# (ICU's windows-936 extends ibm-1386), EUC-CN/GB2312, and Big5 for traditional characters.
MULTIBYTE_CONVERTERS_KEPT: frozenset[str] = frozenset(
    {
        "gb18030",
        "ibm-1386_P100-2001",
        "windows-936-2000",
        "ibm-1383_P110-1999",
        "ibm-5478_P100-1995",
        "ibm-1373_P100-2002",
        "windows-950-2000",
        "ibm-950_P110-1999",
    }
)
# Folders dropped whole.
DROPPED_TREES: frozenset[str] = frozenset({"translit"})

_DATA_SYMBOL = re.compile(rb"^icudt\d+_dat$")


class IcuDataError(Exception):
    """The library or package is not what this module understands (the build keeps the original)."""


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split an ICU common-data package into its header and its (name, data) items."""
    if len(blob) < 32:
        raise IcuDataError("too short for ICU data")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    # UDataInfo: size, reserved, isBigEndian, charsetFamily, sizeofUChar, reserved, format "CmnD".
    big_endian, charset = blob[8], blob[9]
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise IcuDataError("not an ICU common-data package")
    if big_endian or charset != 0:
        raise IcuDataError("only little-endian ASCII-family ICU data is supported")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = [data for _, data in entries[1:]] + [len(toc)]
    items = []
    for (name_at, data_at), end in zip(entries, ends, strict=True):
        name = toc[name_at : toc.index(b"\0", name_at)].decode("ascii")
        items.append((name, toc[data_at:end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common-data package (items sorted by name, each aligned to 16 bytes)."""
    items = sorted(items, key=lambda item: item[0].encode("ascii"))
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    table_size = 4 + 8 * len(items)
    position = _align(table_size + len(names))
    name_at = table_size
    entries = []
    body = bytearray()
    for name, data in items:
        entries.append(struct.pack("<II", name_at, position + len(body)))
        name_at += len(name) + 1
        body += data
        body += b"\0" * (_align(len(body)) - len(body))
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    toc += b"\0" * (position - len(toc))
    return header + toc + bytes(body)


def _align(n: int) -> int:
    return (n + 15) & ~15


def keep_item(name: str, data: bytes) -> bool:
    """Whether a package item (``icudt73l/coll/zh.res``) stays in the smaller package."""
    parts = name.split("/")[1:]  # without the package name
    if not parts:
        return True
    tree = "/".join(parts[:-1])
    base = parts[-1]
    stem, _, ext = base.rpartition(".")
    if tree in DROPPED_TREES:
        return False
    if ext == "dict":  # word-break dictionaries
        return False
    if ext == "cnv":
        return stem in MULTIBYTE_CONVERTERS_KEPT or _max_bytes_per_char(data) == 1
    if ext == "res" and tree in LOCALE_TREES and stem not in TREE_FILES_KEPT:
        match = _LOCALE.match(stem)
        if match:  # a locale's data; other .res files (supplementalData, …) are not locales
            return match.group(1) in LANGUAGES_KEPT
    return True


def _max_bytes_per_char(cnv: bytes) -> int:
    """UConverterStaticData.maxBytesPerChar of a .cnv item (after its data header)."""
    (header_size,) = struct.unpack_from("<H", cnv, 0)
    # structSize (4), name (60), codepage (4), platform, conversionType, minBytes, maxBytes.
    return cnv[header_size + 71]


def shrink_package(blob: bytes) -> tuple[bytes, list[str]]:
    """The smaller package and the names of the items left out."""
    header, items = read_package(blob)
    kept = [(name, data) for name, data in items if keep_item(name, data)]
    dropped = [name for name, data in items if not keep_item(name, data)]
    return write_package(header, kept), dropped


def data_symbol(library: bytes) -> tuple[str, bytes]:
    """The exported ``icudtNN_dat`` symbol of a 64-bit little-endian ELF library and its bytes."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise IcuDataError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", library, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", library, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)
    ]
    dynsym_type = 11
    for _name, kind, _flags, _addr, offset, size, link, _info, _alignment, entsize in sections:
        if kind != dynsym_type:
            continue
        strtab = sections[link]
        for at in range(offset, offset + size, entsize):
            st_name, _st_info, _other, shndx, value, st_size = struct.unpack_from(
                "<IBBHQQ", library, at
            )
            start = strtab[4] + st_name
            symbol = library[start : library.index(b"\0", start)]
            if _DATA_SYMBOL.match(symbol) and 0 < shndx < len(sections):
                home = sections[shndx]
                file_at = home[4] + (value - home[3])
                return symbol.decode("ascii"), library[file_at : file_at + st_size]
    raise IcuDataError("no icudtNN_dat symbol")


def soname(library: bytes) -> str:
    """The DT_SONAME of an ELF library, via readelf."""
    with tempfile.NamedTemporaryFile(suffix=".so") as f:
        f.write(library)
        f.flush()
        text = subprocess.run(
            ["readelf", "-d", f.name], capture_output=True, text=True, check=True
        ).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", text)
    if not match:
        raise IcuDataError("no soname")
    return match.group(1)


def shrink_library(source: Path, target: Path) -> list[str]:
    """Write a smaller libicudata (same soname and symbol) to ``target``; returns what was left
    out. Needs ``as``, ``ld`` and ``readelf`` (binutils)."""
    library = source.read_bytes()
    symbol, blob = data_symbol(library)
    small, dropped = shrink_package(blob)
    name = soname(library)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "data.bin").write_bytes(small)
        # STT_OBJECT works with every GNU as ELF target (x86-64, arm64, loongarch64).
        (work / "data.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, STT_OBJECT\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            '\t.incbin "data.bin"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",%progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        subprocess.run(
            [
                "ld",
                "-shared",
                "-soname",
                name,
                "-z",
                "noexecstack",
                "-o",
                str(target.resolve()),
                "data.o",
            ],
            cwd=work,
            check=True,
        )
    check_symbol, check_blob = data_symbol(target.read_bytes())
    if check_symbol != symbol or check_blob != small:
        raise IcuDataError("the new library does not hold the new package")
    return dropped
