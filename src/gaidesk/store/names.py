"""Names of drafts: the draft suffix and file names every system accepts."""

from __future__ import annotations

import re
from pathlib import Path

from gaidesk.cleantext import clean
from gaidesk.fsutil import cut_to_bytes, fitting_name

SUFFIX = ".gaidesk"
MAX_STEM_BYTES = 200  # a draft's own name, leaving room for every name derived from it
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

# Names Windows keeps for devices, with any extension ("CON.gaidesk" opens the console).
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)


def safe_file_name(name: str) -> str:
    """A name every system accepts as a file name (no \\ / : * ? " < > |, no trailing dot or
    space, not a Windows device name such as CON or COM1), of at most MAX_STEM_BYTES bytes so
    that every name derived from it fits too."""
    cleaned, _ = clean(name)
    cleaned = _UNSAFE_NAME.sub("", cleaned).strip()
    cleaned = cut_to_bytes(cleaned, MAX_STEM_BYTES).rstrip(". ")
    if cleaned.split(".")[0].rstrip(" ").upper() in _RESERVED_NAMES:
        cleaned = f"{cleaned}_"
    return cleaned or "未命名报告"


def unique(folder: Path, stem: str, suffix: str = SUFFIX) -> Path:
    """A path in ``folder`` named after ``stem`` that does not exist yet (「名 2」, 「名 3」 …)."""
    candidate = folder / fitting_name(stem, suffix=suffix)
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / fitting_name(stem, suffix=f"（{n}）{suffix}")
        n += 1
    return candidate
