"""The drafts library: the data folder's drafts, the bin of deleted drafts and the fonts folder.

The library is the per-user data folder (platformdirs), or the folder given with ``--data-dir``
or the ``GAIDESK_DATA_DIR`` environment variable: ``drafts/`` (the clerk's drafts), ``bin/``
(deleted drafts, recoverable), ``fonts/`` (extra fonts for the PDF) and ``locks/`` (locks of
drafts whose own folder cannot take one).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from gaidesk.draft import DraftError
from gaidesk.errors import StoreError
from gaidesk.fsutil import describe_os_error, ensure_dir
from gaidesk.model import Report
from gaidesk.paths import data_dir, fonts_dir
from gaidesk.store.drafts import load_report
from gaidesk.store.history import stamp_time, versions_dir
from gaidesk.store.locks import DraftLock, mtime_or_now
from gaidesk.store.names import SUFFIX, safe_file_name, unique

_BIN_RE = re.compile(r"^(\d{8}T\d{6})-(.+)$")


class DraftInfo(NamedTuple):
    """One draft as the home screen lists it."""

    path: Path
    agency: str
    short_name: str
    year: int | None
    saved_at: datetime
    damaged: bool = False
    problem: str = ""  # why a damaged draft cannot be read

    @property
    def display_name(self) -> str:
        """The name the list shows: short name, full name or the file name."""
        if self.damaged:
            return self.path.stem
        return self.short_name or self.agency or self.path.stem


class BinEntry(NamedTuple):
    """One deleted draft in the bin."""

    path: Path  # the file in the bin
    name: str  # its file name before it was deleted
    deleted_at: datetime


_INFO_CACHE: dict[tuple[str, int, int], DraftInfo] = {}


def draft_info(path: Path) -> DraftInfo:
    """Body, year and last saved of a draft; a damaged one is marked so. What the checks find
    is the caller's to add (``gaidesk.draftcheck``): the store runs no rules.

    Cached per (path, mtime, size), so the drafts list stays fast.
    """
    st = os.stat(path)
    key = (str(path), st.st_mtime_ns, st.st_size)
    cached = _INFO_CACHE.get(key)
    if cached is not None:
        return cached
    saved = datetime.fromtimestamp(st.st_mtime)
    try:
        report = load_report(path, offer_versions=False)
    except DraftError as exc:
        info = DraftInfo(path, "", "", None, saved, damaged=True, problem=str(exc))
    else:
        meta = report.meta
        info = DraftInfo(path, meta.agency, meta.short_name, meta.year, saved)
    if len(_INFO_CACHE) > 1000:
        _INFO_CACHE.clear()
    _INFO_CACHE[key] = info
    return info


def _move(src: Path, dst: Path, action: str, folder: Path) -> None:
    """Move a draft together with its kept versions; StoreError names the action and folder."""
    try:
        shutil.move(str(src), str(dst))
        old_versions = versions_dir(src)
        if old_versions.is_dir():
            new_versions = versions_dir(dst)
            with contextlib.suppress(OSError):
                new_versions.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(old_versions), str(new_versions))
    except OSError as exc:
        raise StoreError(describe_os_error(exc, action, folder)) from exc


class Library:
    """The clerk's drafts folder, the bin of deleted drafts and the folder of extra fonts."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = data_dir(root)

    @property
    def drafts_dir(self) -> Path:
        """The folder of the clerk's drafts."""
        return self.root / "drafts"

    @property
    def bin_dir(self) -> Path:
        """The bin: deleted drafts, kept until emptied."""
        return self.root / "bin"

    @property
    def fonts_dir(self) -> Path:
        """The folder where the clerk may put the official fonts."""
        return fonts_dir(self.root)

    @property
    def locks_dir(self) -> Path:
        """The folder for locks of drafts whose own folder is read-only."""
        return self.root / "locks"

    def ensure(self) -> None:
        """Create the folders; StoreError with a clear message when the data folder is unusable."""
        for folder in (self.drafts_dir, self.bin_dir, self.fonts_dir):
            ensure_dir(folder, "创建数据文件夹")

    def _scan(self, folder: Path) -> list[Path]:
        try:
            with os.scandir(folder) as entries:
                return [
                    Path(e.path)
                    for e in entries
                    if e.name.endswith(SUFFIX) and not e.name.startswith(".") and e.is_file()
                ]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "读取草稿文件夹", folder)) from exc

    def list_drafts(self) -> list[DraftInfo]:
        """Every draft of the library, newest first; unreadable ones are listed as damaged."""
        infos = []
        for p in self._scan(self.drafts_dir):
            try:
                infos.append(draft_info(p))
            except OSError:
                continue  # deleted meanwhile
        infos.sort(key=lambda i: i.saved_at, reverse=True)
        return infos

    def new_draft_path(self, report: Report) -> Path:
        """A free, readable file name for a report, e.g. 「大寨镇2025年报告.gaidesk」."""
        name = report.meta.short_name or report.meta.agency or "未命名"
        year = f"{report.meta.year}年" if report.meta.year else ""
        ensure_dir(self.drafts_dir, "创建草稿文件夹")
        return unique(self.drafts_dir, safe_file_name(f"{name}{year}报告"))

    def rename(self, path: str | os.PathLike[str], new_name: str) -> Path:
        """Give a draft a new file name (in the same folder); returns the new path."""
        src = Path(path)
        stem = new_name[: -len(SUFFIX)] if new_name.endswith(SUFFIX) else new_name
        stem = safe_file_name(stem)
        dst = src.parent / f"{stem}{SUFFIX}"
        if dst == src:
            return src
        if dst.exists():
            raise StoreError(f"已经有名为“{dst.name}”的草稿，请换一个名字。")
        _move(src, dst, "重命名草稿", src.parent)
        return dst

    def delete(self, path: str | os.PathLike[str]) -> Path:
        """Move a draft (with its versions) to the bin; returns where it went."""
        src = Path(path)
        ensure_dir(self.bin_dir, "创建回收站文件夹")
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        dst = unique(self.bin_dir, f"{stamp}-{src.stem}")
        _move(src, dst, "删除草稿", src.parent)
        return dst

    def list_bin(self) -> list[BinEntry]:
        """Deleted drafts, most recently deleted first."""
        entries = []
        for p in self._scan(self.bin_dir):
            m = _BIN_RE.match(p.stem)
            if m:
                when = stamp_time(m.group(1))
                entries.append(BinEntry(p, m.group(2) + SUFFIX, when))
            else:
                entries.append(BinEntry(p, p.name, datetime.fromtimestamp(mtime_or_now(p))))
        entries.sort(key=lambda e: (e.deleted_at, e.path.name), reverse=True)
        return entries

    def restore(self, entry: BinEntry | str | os.PathLike[str]) -> Path:
        """Move a deleted draft back to the drafts folder (under a free name)."""
        src = entry.path if isinstance(entry, BinEntry) else Path(entry)
        m = _BIN_RE.match(src.stem)
        stem = re.sub(r"（\d+）$", "", m.group(2)) if m else src.stem
        ensure_dir(self.drafts_dir, "创建草稿文件夹")
        dst = unique(self.drafts_dir, stem)
        _move(src, dst, "恢复草稿", self.drafts_dir)
        return dst

    def lock(self, path: str | os.PathLike[str]) -> DraftLock:
        """Take the editing lock of a draft (DraftLockedError when another window has it)."""
        return DraftLock(path, self.locks_dir).acquire()
