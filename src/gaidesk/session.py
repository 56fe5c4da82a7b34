"""Opening a draft for editing, without Qt: the editing lock, reading, a damaged draft's last
good version, the version kept of the opened state, and the read-only fallback.

The window asks its questions through ``Questions`` (dialogs in the GUI, answers given in
advance in tests); whatever the path out, a lock this module took is released unless it is
handed over in the ``OpenedDraft``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gaidesk import store
from gaidesk.draft import DraftError
from gaidesk.model import Report


class LockedChoice(enum.Enum):
    """What to do with a draft that is open elsewhere."""

    TAKE_OVER = "take over"  # only offered for an abandoned lock of another computer
    READ_ONLY = "read only"
    CANCEL = "cancel"


class Questions(Protocol):
    """What opening a draft asks the clerk, and how it reads the file."""

    def when_locked(self, error: store.DraftLockedError) -> LockedChoice:
        """The draft is open elsewhere (``error.holder.abandoned``: take-over may be offered)."""
        ...

    def read_only_instead(self, error: store.StoreError) -> bool:
        """No lock can be taken (a read-only or full data folder): open it read-only?"""
        ...

    def restore_damaged(self, error: store.DamagedDraftError) -> bool:
        """The draft is damaged: restore its last good version (``error.last_good``)?"""
        ...

    def failed(self, title: str, message: str) -> None:
        """Tell her why the draft is not opened."""
        ...

    def load(self, path: Path) -> Report | None:
        """Read the draft (store.load_report, perhaps off the window's thread); None when she
        cancelled the reading."""
        ...


@dataclass
class OpenedDraft:
    """A draft ready for a window: its report and the lock that window now holds."""

    path: Path
    report: Report
    lock: store.DraftLock | None  # None when read-only
    read_only: str = ""  # why it cannot be edited here, or ""


def open_for_editing(
    path: Path,
    library: store.Library,
    ask: Questions,
    lock: store.DraftLock | None = None,
) -> OpenedDraft | None:
    """Lock and read a draft; None when it is not opened (she has been told why, or cancelled).

    ``lock``: one already taken (a draft offered back after an abnormal close).
    """
    read_only = ""
    if lock is None:
        taken = _take_lock(path, library, ask)
        if taken is None:
            return None
        lock, read_only = taken
    opened: OpenedDraft | None = None
    try:
        report = _read(path, ask, read_only)
        if report is not None:
            if not read_only:
                store.snapshot(path)  # the state she opened is kept as a version
            opened = OpenedDraft(path, report, lock, read_only)
    finally:
        if opened is None and lock is not None:
            lock.release()
    return opened


def restore_version(
    path: Path, version: store.VersionInfo, lock: store.DraftLock | None
) -> OpenedDraft:
    """Make a kept version the draft again (the state it replaces is kept as a version) and
    hand it on, with the lock, to the window that shows it: the file is read once.

    Raises StoreError or DraftError with a Chinese message; the draft is then unchanged.
    """
    report = store.restore_version(path, version)
    store.snapshot(path)
    return OpenedDraft(path, report, lock)


def _take_lock(
    path: Path, library: store.Library, ask: Questions
) -> tuple[store.DraftLock | None, str] | None:
    """(the lock, or None with why the draft opens read-only); None: not to be opened."""
    try:
        return library.lock(path), ""
    except store.DraftLockedError as exc:
        choice = ask.when_locked(exc)
        if choice is LockedChoice.TAKE_OVER and exc.holder.abandoned:
            try:
                return store.DraftLock(path, library.locks_dir).take_over(exc.holder), ""
            except store.StoreError as again:
                ask.failed("无法接管", str(again))
                return None
        if choice is LockedChoice.READ_ONLY:
            return None, str(exc)
        return None
    except store.StoreError as exc:
        # A read-only or full data folder, a write-protected stick: she can still read.
        return (None, str(exc)) if ask.read_only_instead(exc) else None


def _read(path: Path, ask: Questions, read_only: str) -> Report | None:
    try:
        return ask.load(path)
    except store.DamagedDraftError as exc:
        if read_only:  # restoring a version would write the draft
            ask.failed("无法打开草稿", str(exc))
            return None
        if not ask.restore_damaged(exc) or exc.last_good is None:
            return None
        try:
            return store.restore_version(path, exc.last_good)
        except (store.StoreError, DraftError) as again:
            ask.failed("无法恢复", str(again))
            return None
    except DraftError as exc:
        ask.failed("无法打开草稿", str(exc))
        return None
