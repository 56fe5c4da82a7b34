"""Where fonts are looked for: the user's fonts folder, the system's and fontconfig's folders;
the faces found there, cached per file state."""

from __future__ import annotations

import os
import re
import struct
import sys
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
