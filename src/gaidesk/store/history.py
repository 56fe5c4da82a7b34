"""The kept versions of a draft: a hidden ``.versions/<file name>/`` folder beside it.

Before a draft is replaced its previous state is kept here (at most one a minute while
autosaving, always on request), so an earlier state can be restored and a damaged draft can fall
back to the last good one. Versions are thinned by age (every one of the last ten minutes, the
last of each hour for a day, of each day for a month, of each month before), so yesterday's
state is always there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from gaidesk import fsutil
from gaidesk.store.names import SUFFIX

VERSIONS_DIR = ".versions"
RECENT_VERSIONS_SPAN = 10 * 60  # seconds in which every version is kept ...
MAX_RECENT_VERSIONS = 30  # ... up to this many (explicit saves may come faster than one a minute)
MAX_VERSIONS = 120  # 30 recent + 24 hours + 31 days + the months before
_VERSION_RE = re.compile(r"^(\d{8}T\d{6}\.\d{6})(?:-(\d+))?\.gaidesk$")


class VersionInfo(NamedTuple):
    """One kept version of a draft."""

    path: Path
    saved_at: datetime  # when this state had been saved


def versions_dir(path: str | os.PathLike[str]) -> Path:
    """The folder that keeps a draft's versions."""
    p = Path(path)
    return p.parent / VERSIONS_DIR / p.name


def versions(path: str | os.PathLike[str]) -> list[VersionInfo]:
    """The kept versions of a draft, newest first."""
    folder = versions_dir(path)
    # (time stamp, n): a second version of the same time stamp is named ``STAMP-n``, newer.
    found: list[tuple[str, int, Path]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                m = _VERSION_RE.match(entry.name)
                if m:
                    found.append((m.group(1), int(m.group(2) or 0), Path(entry.path)))
    except OSError:
        return []
    found.sort(reverse=True)
    return [VersionInfo(p, stamp_time(stamp)) for stamp, _n, p in found]


def stamp_time(stamp: str) -> datetime:
    """``20251127T143005.123456`` (or without the fraction) as a datetime; ValueError for an
    impossible date. Read by hand: datetime.strptime costs milliseconds the first time (it
    loads the locale's calendar), and a draft's versions are listed every time it is opened."""
    fraction = stamp[16:22]
    return datetime(
        int(stamp[0:4]),
        int(stamp[4:6]),
        int(stamp[6:8]),
        int(stamp[9:11]),
        int(stamp[11:13]),
        int(stamp[13:15]),
        int(fraction.ljust(6, "0")) if fraction else 0,
    )


def _version_name(mtime: float, folder: Path) -> Path:
    stamp = datetime.fromtimestamp(mtime).strftime("%Y%m%dT%H%M%S.%f")
    candidate = folder / f"{stamp}{SUFFIX}"
    n = 1
    while candidate.exists():
        candidate = folder / f"{stamp}-{n}{SUFFIX}"
        n += 1
    return candidate


def is_current_state(version: VersionInfo, path: str | os.PathLike[str]) -> bool:
    """Whether a kept version is the draft as it is now.

    Not by time stamp alone: two saves can fall into one tick of the file system's clock. A
    snapshot is a hard link of the draft (the same file), or where links fail (FAT) a copy with
    the draft's time stamp, size and bytes.
    """
    try:
        kept, now = os.stat(version.path), os.stat(path)
        if abs(kept.st_mtime - now.st_mtime) >= 1e-3 or kept.st_size != now.st_size:
            return False
        if (kept.st_dev, kept.st_ino) == (now.st_dev, now.st_ino):
            return True
        return version.path.read_bytes() == Path(path).read_bytes()
    except OSError:
        return False


def snapshot(path: str | os.PathLike[str]) -> VersionInfo | None:
    """Keep the draft's current state on disk as a version (e.g. when it is opened).

    Best effort: a folder that takes no versions never stops the draft itself from saving.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError:
        return None
    kept = versions(p)
    if kept and is_current_state(kept[0], p):
        return kept[0]  # this state is kept already
    folder = versions_dir(p)
    try:
        new_folder = not folder.parent.exists()
        folder.mkdir(parents=True, exist_ok=True)
        if new_folder:
            fsutil.hide(folder.parent)
        target = _version_name(st.st_mtime, folder)
        try:
            os.link(p, target)  # the draft is replaced, never rewritten: a link is a copy
        except OSError:
            shutil.copy2(p, target)
        os.utime(target, (st.st_atime, st.st_mtime))
    except OSError:
        return None
    _prune(p)
    return VersionInfo(target, datetime.fromtimestamp(st.st_mtime))


def clock() -> float:
    """Now, as time.time(); a function of its own so that tests can move time."""
    return time.time()


def versions_to_keep(saved: list[datetime], now: datetime) -> list[bool]:
    """Which versions (saved at these times, newest first) to keep.

    Every version of the last RECENT_VERSIONS_SPAN (at most MAX_RECENT_VERSIONS), then the
    newest of each clock hour for the last day, of each day for the last 31 days and of each
    month before that; MAX_VERSIONS at most in all.
    """
    keep: list[bool] = []
    buckets: set[tuple[int, ...]] = set()
    recent = kept = 0
    for when in saved:
        age = (now - when).total_seconds()
        if age < RECENT_VERSIONS_SPAN:
            wanted = recent < MAX_RECENT_VERSIONS
            recent += wanted
        else:
            if age < 86_400:
                bucket: tuple[int, ...] = (0, when.year, when.month, when.day, when.hour)
            elif age < 31 * 86_400:
                bucket = (1, when.year, when.month, when.day)
            else:
                bucket = (2, when.year, when.month)
            wanted = bucket not in buckets
            buckets.add(bucket)
        wanted = wanted and kept < MAX_VERSIONS
        kept += wanted
        keep.append(wanted)
    return keep


def _prune(path: Path) -> None:
    kept = versions(path)
    now = datetime.fromtimestamp(clock())
    for version, wanted in zip(
        kept, versions_to_keep([v.saved_at for v in kept], now), strict=True
    ):
        if not wanted:
            with contextlib.suppress(OSError):
                version.path.unlink()
