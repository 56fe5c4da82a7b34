"""The editing lock of a draft: one window, on one computer, edits a draft at a time.

A lock is a small hidden file beside the draft (or in the data folder's ``locks/`` when the
draft's folder takes none) naming the process, the computer and the time; its holder refreshes
it every LOCK_HEARTBEAT seconds.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from gaidesk import fsutil
from gaidesk.errors import StoreError
from gaidesk.fsutil import describe_os_error, fitting_name, path_digest
from gaidesk.paths import data_dir
from gaidesk.store import processes

LOCK_HEARTBEAT = 60.0  # seconds between refreshes of the lock of an open draft
# A lock from another computer not refreshed for this many of its heartbeats is abandoned (that
# computer crashed or lost the shared folder): it may be taken over after a clear question.
LOCK_MISSED_BEATS = 3


class LockInfo(NamedTuple):
    """What a lock file says about who holds a draft."""

    pid: int
    host: str
    started: float  # when the lock was taken
    proc_start: float | None = None  # when the holding process started (to spot reused pids)
    refreshed: float | None = None  # the lock file's last heartbeat (its modification time)
    heartbeat: float = LOCK_HEARTBEAT  # how often its holder promised to refresh it

    @property
    def started_text(self) -> str:
        """When the lock was taken, as 「2026-01-20 09:30」."""
        return datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")

    @property
    def age(self) -> float:
        """Seconds since the holder last showed it was alive (refreshed or took the lock)."""
        return max(0.0, time.time() - (self.refreshed or self.started))

    @property
    def age_text(self) -> str:
        """How long the holder has been silent, in Chinese words."""
        minutes = int(self.age // 60)
        if minutes < 1:
            return "不到 1 分钟"
        if minutes < 120:
            return f"{minutes} 分钟"
        if minutes < 48 * 60:
            return f"{minutes // 60} 小时"
        return f"{minutes // (24 * 60)} 天"

    @property
    def from_elsewhere(self) -> bool:
        """Whether another computer holds the lock."""
        return self.host != processes.host_name()

    @property
    def abandoned(self) -> bool:
        """A lock of another computer that has missed its heartbeats: it may be taken over."""
        return self.from_elsewhere and self.age > LOCK_MISSED_BEATS * self.heartbeat


class DraftLockedError(StoreError):
    """The draft is being edited in another window or on another computer."""

    def __init__(self, message: str, holder: LockInfo) -> None:
        super().__init__(message)
        self.holder = holder


def _holder_alive(info: LockInfo) -> bool:
    if info.host != processes.host_name():
        return True  # another computer: cannot tell, assume it is still editing
    if not processes.pid_alive(info.pid):
        return False
    if info.proc_start is not None:
        now_start = processes.process_start(info.pid)
        if now_start is not None and abs(now_start - info.proc_start) > 2.0:
            return False  # the pid now belongs to another process
    return True


def _read_lock(path: Path) -> LockInfo | None:
    try:
        with open(path, "rb") as f:
            refreshed = os.fstat(f.fileno()).st_mtime
            doc = json.loads(f.read(4096))
        proc_start = doc.get("proc_start")
        heartbeat = doc.get("heartbeat")
        return LockInfo(
            pid=int(doc["pid"]),
            host=str(doc["host"]),
            started=float(doc["started"]),
            proc_start=float(proc_start) if proc_start is not None else None,
            refreshed=refreshed,
            heartbeat=float(heartbeat) if heartbeat else LOCK_HEARTBEAT,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _is_empty(path: Path) -> bool:
    try:
        return os.stat(path).st_size == 0
    except OSError:
        return False


class DraftLock:
    """Marks a draft as open for editing so a second window or process does not edit it too.

    ``acquire()`` raises DraftLockedError when a live process holds the lock. A lock left by a
    process that is gone means the program was closed abnormally (``was_closed_abnormally``,
    with ``stale`` describing it) — the window may then offer the last autosaved state. An
    empty lock file is no such sign: a full disk leaves one when the lock could not be written.

    The file records the process, the computer and the time; ``refresh()`` (the window calls it
    every LOCK_HEARTBEAT seconds) touches it, so that a lock another computer left behind shows
    its age and, once abandoned, can be taken over (``take_over``).
    """

    def __init__(self, path: str | os.PathLike[str], fallback_dir: Path | None = None) -> None:
        self.draft_path = Path(path).absolute()
        self.fallback_dir = fallback_dir if fallback_dir is not None else data_dir() / "locks"
        self.lock_path: Path | None = None
        self.stale: LockInfo | None = None
        self.taken_over: LockInfo | None = None  # the abandoned lock this one replaced
        self._token = os.urandom(8).hex()

    @property
    def was_closed_abnormally(self) -> bool:
        """Whether a lock left by a crashed or killed process was found."""
        return self.stale is not None

    @property
    def held(self) -> bool:
        """Whether this process holds the lock."""
        return self.lock_path is not None

    def _candidates(self) -> list[Path]:
        beside = self.draft_path.parent / fitting_name(self.draft_path.name, ".", ".lock")
        return [beside, self.fallback_dir / f"{path_digest(str(self.draft_path))}.lock"]

    def acquire(self) -> DraftLock:
        """Take the lock beside the draft (or in the fallback folder); DraftLockedError if held."""
        if self.held:
            return self
        # A lock may exist in either place (the draft's folder may have become read-only).
        for candidate in self._candidates():
            info = _read_lock(candidate) if candidate.exists() else None
            if info is not None and _holder_alive(info):
                raise DraftLockedError(_locked_message(self.draft_path, info), info)
        last_error: OSError | None = None
        for n, candidate in enumerate(self._candidates()):
            try:
                if n == 1:
                    candidate.parent.mkdir(parents=True, exist_ok=True)
                self._create(candidate)
                return self
            except DraftLockedError:
                raise
            except OSError as exc:
                last_error = exc
        assert last_error is not None
        raise StoreError(describe_os_error(last_error, "标记草稿为正在编辑", self.draft_path))

    def _create(self, candidate: Path) -> None:
        for _ in range(3):
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                info = _read_lock(candidate)
                if info is not None and _holder_alive(info):
                    raise DraftLockedError(_locked_message(self.draft_path, info), info) from None
                if info is not None and self.stale is None:
                    self.stale = info
                elif info is None and self.stale is None and not _is_empty(candidate):
                    # Left half-written by a crash: the owner is gone.
                    self.stale = LockInfo(0, processes.host_name(), mtime_or_now(candidate))
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(candidate)
                continue
            try:
                body = {
                    "pid": os.getpid(),
                    "host": processes.host_name(),
                    "started": time.time(),
                    "heartbeat": LOCK_HEARTBEAT,
                    "proc_start": processes.process_start(os.getpid()),
                    "token": self._token,
                    "draft": str(self.draft_path),
                }
                # ASCII escapes: a draft path that is not UTF-8 (surrogates) still writes.
                data = json.dumps(body).encode("ascii")
                if os.write(fd, data) != len(data):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            except OSError:
                # A full disk: leave no empty or partial lock behind.
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(candidate)
                raise
            else:
                os.close(fd)
            fsutil.hide(candidate)
            self.lock_path = candidate
            return
        raise StoreError(f"无法标记草稿“{self.draft_path.name}”为正在编辑，请稍后再试。")

    def _is_ours(self) -> bool:
        if self.lock_path is None:
            return False
        try:
            with open(self.lock_path, "rb") as f:
                return bool(json.loads(f.read(4096)).get("token") == self._token)
        except (OSError, ValueError, AttributeError):
            return False

    def refresh(self) -> bool:
        """The heartbeat: mark the lock as alive now. False when it is no longer ours (taken
        over from another computer, or removed); a write that fails for now is no such sign."""
        if self.lock_path is None:
            return False
        if not self._is_ours():
            return not os.path.exists(self.lock_path) and self._recreate()
        with contextlib.suppress(OSError):
            os.utime(self.lock_path)
        return True

    def _recreate(self) -> bool:
        """The lock file vanished (a USB stick pulled and put back): take it again."""
        self.lock_path = None
        try:
            self.acquire()
        except StoreError:
            return False
        return True

    def take_over(self, holder: LockInfo) -> DraftLock:
        """Take the lock an abandoned holder (``holder.abandoned``) left, after she agreed.

        Raises DraftLockedError when the lock changed meanwhile (the other computer came back).
        """
        for candidate in self._candidates():
            info = _read_lock(candidate) if candidate.exists() else None
            if info is None:
                continue
            if (info.pid, info.host, info.started) != (holder.pid, holder.host, holder.started):
                raise DraftLockedError(_locked_message(self.draft_path, info), info)
            if not info.abandoned:
                raise DraftLockedError(_locked_message(self.draft_path, info), info)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(candidate)
        self.acquire()
        self.taken_over = holder
        return self

    def release(self) -> None:
        """Give the lock up, if it is still ours."""
        if self.lock_path is None:
            return
        if self._is_ours():
            with contextlib.suppress(OSError):
                os.unlink(self.lock_path)
        self.lock_path = None

    def __enter__(self) -> DraftLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def mtime_or_now(path: Path) -> float:
    """A file's modification time, or now when it cannot be read."""
    try:
        return os.stat(path).st_mtime
    except OSError:
        return time.time()


def _locked_message(path: Path, info: LockInfo) -> str:
    if info.host != processes.host_name():
        if info.abandoned:
            return (
                f"草稿“{path.name}”在另一台电脑（{info.host}）上打开过（{info.started_text} 起），"
                f"那台电脑已经 {info.age_text} 没有动静，可能已死机、断电或拔出了U盘。"
            )
        return (
            f"草稿“{path.name}”正在另一台电脑（{info.host}）上编辑（{info.started_text} 起，"
            f"{info.age_text}前还在使用）。请先在那台电脑上关闭它，以免两边的修改互相覆盖。"
        )
    if info.pid == os.getpid():
        return f"草稿“{path.name}”已经在另一个窗口中打开，请切换到那个窗口继续编辑。"
    return (
        f"草稿“{path.name}”已经在另一个 gaidesk 窗口中打开（{info.started_text} 起）。"
        "请切换到那个窗口继续编辑，以免两边的修改互相覆盖。"
    )
