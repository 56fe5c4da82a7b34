"""Where fonts are looked for: the user's fonts folder, the system's and fontconfig's folders;
the faces found there, cached per file state."""

from __future__ import annotations

import os
import re
import struct
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from gaidesk.fonts.roles import FONT_SUFFIXES
from gaidesk.fonts.sfnt import Face, FontFileError, read_coverage, read_faces


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
    conf_d = [
        path
        for path, _ in _listing(str(config / "conf.d"))
        if path.endswith(".conf") and not os.path.basename(path).startswith(".")
    ]
    files = [str(config / "fonts.conf"), str(config / "local.conf"), *conf_d]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    found: list[Path] = []
    for file in files:
        for attributes, value in _fontconfig_entries(file):
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
    for path, is_folder in _listing(str(folder)):
        if is_folder:
            yield from _walk(Path(path))
        elif path.lower().endswith(FONT_SUFFIXES):
            yield path


# Every export looks for fonts added, removed or replaced since the last one (fonts.choose), in
# folders of hundreds of files. What a folder lists is kept by the folder's mtime, which adding,
# removing or renaming an entry changes (a file rewritten in place is seen by its own size and
# mtime, which font_files reads each time); the <dir> entries of a fontconfig file by the file's
# (size, mtime). Nothing read within RECENT_NS of its last change is kept: a change in the same
# tick of the file system's clock would leave the mtime as it was.
RECENT_NS = 2_000_000_000
_LISTINGS: dict[str, tuple[int, list[tuple[str, bool]]]] = {}
_FONTCONFIG_ENTRIES: dict[str, tuple[tuple[int, int], list[tuple[str, str]]]] = {}


def _settled(mtime_ns: int) -> bool:
    return time.time_ns() - mtime_ns > RECENT_NS


def _listing(folder: str) -> list[tuple[str, bool]]:
    """(path, whether a folder) of every entry of a folder, by name; empty if unreadable."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return []
    kept = _LISTINGS.get(folder)
    if kept is not None and kept[0] == mtime:
        return kept[1]
    try:
        scanned = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    entries: list[tuple[str, bool]] = []
    for entry in scanned:
        try:
            entries.append((entry.path, entry.is_dir()))
        except OSError:
            continue
    if _settled(mtime):
        _LISTINGS[folder] = (mtime, entries)
    return entries


def _fontconfig_entries(file: str) -> list[tuple[str, str]]:
    """The (attributes, folder) of each <dir> of a fontconfig file; empty if unreadable."""
    stat = _stat_key(file)
    if stat is None:
        return []
    kept = _FONTCONFIG_ENTRIES.get(file)
    if kept is not None and kept[0] == stat:
        return kept[1]
    try:
        text = Path(file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    entries: list[tuple[str, str]] = _FONTCONFIG_DIR.findall(text)
    if _settled(stat[1]):
        _FONTCONFIG_ENTRIES[file] = (stat, entries)
    return entries


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


def font_files(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> list[_FileKey]:
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


def faces_of(files: Sequence[_FileKey]) -> list[Face]:
    """The faces of font files, read once per file state."""
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
    return faces_of(font_files(extra_dirs))


def coverage(face: Face) -> frozenset[int]:
    """The code points a face draws, read once per file state."""
    stat = _stat_key(face.path) or (0, 0)
    key = (face.path, face.index, *stat)
    if key not in _COVERAGE_CACHE:
        try:
            _COVERAGE_CACHE[key] = read_coverage(face.path, face.index)
        except (OSError, FontFileError, struct.error):
            _COVERAGE_CACHE[key] = frozenset()
    return _COVERAGE_CACHE[key]
